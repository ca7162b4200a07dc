import { fileURLToPath } from 'node:url';
import { describeServiceBasics } from '@pgfleet/http/testing';
import { createFileService } from '../src/server.js';

describeServiceBasics({
  name: 'file',
  serviceDir: fileURLToPath(new URL('..', import.meta.url)),
  roles: ['daemon', 'apibot'],
  create: createFileService,
});
