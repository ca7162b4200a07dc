import { fileURLToPath } from 'node:url';
import { describeServiceBasics } from '@pgfleet/http/testing';
import { createWsService } from '../src/server.js';

describeServiceBasics({
  name: 'ws',
  serviceDir: fileURLToPath(new URL('..', import.meta.url)),
  roles: ['daemon', 'apibot'],
  create: createWsService,
});
