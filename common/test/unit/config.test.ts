import { expect } from 'chai';
import { baseConfigProperties, ConfigError, loadConfig } from '../../src/config.js';

const schema = { type: 'object', properties: { ...baseConfigProperties, APP_PORT: { ...baseConfigProperties.APP_PORT, default: 3000 } } };

describe('configuration from the environment', () => {
  it('when variables are strings, then they are coerced and defaults fill the rest', () => {
    const config = loadConfig(schema, { APP_PORT: '0', DAPR_HTTP_PORT: '3555' });
    expect(config).to.include({ APP_PORT: 0, DAPR_HTTP_PORT: 3555, NODE_ENV: 'development', APP_HOST: '127.0.0.1' });
  });

  it('when a value is invalid, then start-up fails with a message naming each variable', () => {
    expect(() => loadConfig(schema, { APP_PORT: 'eighty', LOG_LEVEL: 'loud' }))
      .to.throw(ConfigError)
      .with.property('message')
      .that.matches(/APP_PORT/)
      .and.matches(/LOG_LEVEL/);
  });

  it('when not in development, then both Dapr tokens are required', () => {
    expect(() => loadConfig(schema, { NODE_ENV: 'production' })).to.throw(/APP_API_TOKEN: is required[\s\S]*DAPR_API_TOKEN: is required/);
    expect(loadConfig(schema, { NODE_ENV: 'production', APP_API_TOKEN: 'a', DAPR_API_TOKEN: 'b' }).NODE_ENV).to.equal('production');
  });
});
