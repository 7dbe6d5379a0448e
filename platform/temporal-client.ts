import { readFileSync } from 'node:fs';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import { temporalAddress, type Config } from './config';

/** What the API's connection and the worker's (NativeConnection) both take to reach Temporal. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
}

/**
 * The address, TLS and API key from the configuration. A CA alone verifies the server; a
 * certificate and key make it mutual TLS; an API key implies TLS (the SDK turns it on).
 */
export function temporalConnectionOptions(config: Config, readFile: (file: string) => Buffer = readFileSync): TemporalConnectionOptions {
  const { TEMPORAL_TLS_CA_FILE: caFile, TEMPORAL_TLS_CERT_FILE: certFile, TEMPORAL_TLS_KEY_FILE: keyFile, TEMPORAL_TLS_SERVER_NAME: serverName } = config;
  const tls: TLSConfig | undefined =
    caFile || certFile || serverName
      ? {
          ...(caFile && { serverRootCACertificate: readFile(caFile) }),
          ...(certFile && keyFile && { clientCertPair: { crt: readFile(certFile), key: readFile(keyFile) } }),
          ...(serverName && { serverNameOverride: serverName }),
        }
      : undefined;
  return { address: temporalAddress(config), ...(tls && { tls }), ...(config.TEMPORAL_API_KEY && { apiKey: config.TEMPORAL_API_KEY }) };
}

export async function connectTemporalClient(config: Config): Promise<Client> {
  const connection = await Connection.connect(temporalConnectionOptions(config));
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
}
