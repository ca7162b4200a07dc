import { fileURLToPath } from 'node:url';
import { describeServiceBasics } from '@pgfleet/http/testing';
import { createAuthService } from '../src/server.js';

describeServiceBasics({
  name: 'auth',
  serviceDir: fileURLToPath(new URL('..', import.meta.url)),
  roles: ['daemon'],
  // Ready only once the provider files' client secrets match the database's, so it needs the installed platform.
  database: 'installed',
  failingWithoutDatabase: ['daemon', 'oauth2Clients'],
  create: createAuthService,
});
