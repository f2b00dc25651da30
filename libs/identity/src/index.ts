export * from './sign-in-provider.js';
export * from './sign-in-refused.js';
export * from './discord-sign-in.js';
export * from './entra-sign-in.js';
export * from './sign-in-configuration.js';
