export * from './enums.js';
export * from './errors.js';
export * from './events.js';
export * from './requests.js';
export * from './schemas.js';
export * from './catalog.js';
