import { fileURLToPath } from 'node:url';
import { describeServiceBasics } from '@pgfleet/http/testing';
import { createWorkerService } from '../src/server.js';

describeServiceBasics({
  name: 'worker',
  serviceDir: fileURLToPath(new URL('..', import.meta.url)),
  roles: ['apibot'],
  create: createWorkerService,
});
