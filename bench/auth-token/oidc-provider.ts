// The comparison server: npm oidc-provider with its default in-memory adapter,
// configured for the client_credentials grant only. One process, like ours.
import Provider from 'oidc-provider';

const port = Number(process.env.PORT ?? 4190);
const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: 'bench-client',
      client_secret: 'bench-secret-0123456789',
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  features: {
    clientCredentials: { enabled: true },
    devInteractions: { enabled: false },
  },
  scopes: ['api'],
});
provider.proxy = false;
provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`oidc-provider listening on ${port}\n`);
});
