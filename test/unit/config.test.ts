import { ConfigError, databaseUrl, loadConfig, temporalAddress } from '../../platform/config';

describe('configuration', () => {
  it('defaults to the embedded setup', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(databaseUrl(config)).toBe('postgres://postgres:postgres@127.0.0.1:54329/postgres');
    expect(temporalAddress(config)).toBe('127.0.0.1:7233');
    expect(config.API_PORT).toBe(3000);
    expect(config.LOAD_EXAMPLES).toBe(true);
  });

  it('takes real services and switches from the environment', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://engine@db.internal:5432/plans',
      TEMPORAL_ADDRESS: 'temporal-frontend:7233',
      API_PORT: '8080',
      LOAD_EXAMPLES: 'false',
    });
    expect(databaseUrl(config)).toBe('postgresql://engine@db.internal:5432/plans');
    expect(temporalAddress(config)).toBe('temporal-frontend:7233');
    expect(config.API_PORT).toBe(8080);
    expect(config.LOAD_EXAMPLES).toBe(false);
  });

  it('refuses bad values, naming the variable', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x@y/z' })).toThrow(ConfigError);
    expect(() => loadConfig({ API_PORT: '70000' })).toThrow(/API_PORT/);
    expect(() => loadConfig({ TEMPORAL_ADDRESS: 'no-port' })).toThrow(/TEMPORAL_ADDRESS: must be host:port/);
  });
});
