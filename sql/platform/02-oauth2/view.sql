CREATE OR REPLACE VIEW kernel.Provider AS
  SELECT * FROM oauth2.provider;

CREATE OR REPLACE VIEW kernel.Application AS
  SELECT * FROM oauth2.application;

CREATE OR REPLACE VIEW kernel.Issuer AS
  SELECT * FROM oauth2.issuer;

CREATE OR REPLACE VIEW kernel.Algorithm AS
  SELECT * FROM oauth2.algorithm;

-- Neither the encrypted secret nor its hash leaves the schema through a view.
CREATE OR REPLACE VIEW kernel.Audience AS
  SELECT id, provider, application, algorithm, code, name
    FROM oauth2.audience;

GRANT SELECT ON kernel.Provider, kernel.Application, kernel.Issuer, kernel.Algorithm, kernel.Audience TO administrator;
