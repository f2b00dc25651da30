export * from './button-data.js';
export * from './chat-commands.js';
export * from './chat-messages.js';
export * from './declare-form.js';
export * from './delivery-refusals.js';
