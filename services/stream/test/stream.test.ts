import { fileURLToPath } from 'node:url';
import { describeServiceBasics } from '@pgfleet/http/testing';
import { createStreamService } from '../src/server.js';

describeServiceBasics({
  name: 'stream',
  serviceDir: fileURLToPath(new URL('..', import.meta.url)),
  roles: ['apibot'],
  create: createStreamService,
});
