import { fileURLToPath } from 'node:url';
import { describeServiceBasics } from '@pgfleet/http/testing';
import { createFetchService } from '../src/server.js';

describeServiceBasics({
  name: 'fetch',
  serviceDir: fileURLToPath(new URL('..', import.meta.url)),
  roles: ['apibot'],
  create: createFetchService,
});
