import { baseConfigProperties, loadConfig, type BaseConfig } from '@idp/common';

export type UserConfig = BaseConfig;

const schema = {
  type: 'object',
  properties: { ...baseConfigProperties, APP_PORT: { ...baseConfigProperties.APP_PORT, default: 3002 } },
  required: [],
};

export const loadUserConfig = (env: NodeJS.ProcessEnv = process.env): UserConfig => loadConfig(schema, env);
