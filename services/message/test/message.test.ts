import { fileURLToPath } from 'node:url';
import { describeServiceBasics } from '@pgfleet/http/testing';
import { createMessageService } from '../src/server.js';

describeServiceBasics({
  name: 'message',
  serviceDir: fileURLToPath(new URL('..', import.meta.url)),
  roles: ['apibot'],
  create: createMessageService,
});
