/**
 * How the configuration reaches the connections to Temporal (the API's client and the worker's
 * NativeConnection take the same options): plain by default, TLS with a CA, mutual TLS with a
 * certificate and key, an API key.
 */
import { loadConfig } from '../../platform/config';
import { temporalConnectionOptions } from '../../platform/temporal-client';

/** Files as a fake reader answers them: the file's name, as bytes. */
const files = (file: string) => Buffer.from(`contents of ${file}`);
const optionsFor = (env: Record<string, string>) => temporalConnectionOptions(loadConfig(env), files);

describe('the Temporal connection options', () => {
  it('connect in plain text to the embedded dev server when nothing is set', () => {
    expect(optionsFor({})).toEqual({ address: '127.0.0.1:7233' });
  });

  it("verify the server with the CA's certificate", () => {
    expect(optionsFor({ TEMPORAL_ADDRESS: 'temporal.tinh.gov.vn:7233', TEMPORAL_TLS_CA_FILE: '/run/secrets/temporal-ca.pem' })).toEqual({
      address: 'temporal.tinh.gov.vn:7233',
      tls: { serverRootCACertificate: files('/run/secrets/temporal-ca.pem') },
    });
  });

  it('present a client certificate and key for mutual TLS, with the server name when it differs', () => {
    const options = optionsFor({
      TEMPORAL_ADDRESS: '10.0.0.5:7233',
      TEMPORAL_TLS_CA_FILE: '/certs/ca.pem',
      TEMPORAL_TLS_CERT_FILE: '/certs/worker.pem',
      TEMPORAL_TLS_KEY_FILE: '/certs/worker.key',
      TEMPORAL_TLS_SERVER_NAME: 'temporal.tinh.gov.vn',
    });
    expect(options).toEqual({
      address: '10.0.0.5:7233',
      tls: {
        serverRootCACertificate: files('/certs/ca.pem'),
        clientCertPair: { crt: files('/certs/worker.pem'), key: files('/certs/worker.key') },
        serverNameOverride: 'temporal.tinh.gov.vn',
      },
    });
  });

  it('send an API key', () => {
    expect(optionsFor({ TEMPORAL_ADDRESS: 'ap-southeast-1.aws.api.temporal.io:7233', TEMPORAL_API_KEY: 'key-123' })).toEqual({
      address: 'ap-southeast-1.aws.api.temporal.io:7233',
      apiKey: 'key-123',
    });
  });

  it('refuse a certificate without its key, or a key without its certificate', () => {
    expect(() => loadConfig({ TEMPORAL_TLS_CERT_FILE: '/certs/worker.pem' })).toThrow('TEMPORAL_TLS_KEY_FILE');
    expect(() => loadConfig({ TEMPORAL_TLS_KEY_FILE: '/certs/worker.key' })).toThrow('TEMPORAL_TLS_KEY_FILE');
  });
});
