// The in-memory chat connector, for specs and end-to-end suites. Production code never imports this entry
// point (eslint.config.js); it is `@firebreak/chat/testing`.
export {
  LoopbackConnector,
  LoopbackRefusal,
  render,
  type LoopbackButton,
  type LoopbackMessage,
  type LoopbackUser,
} from './loopback-connector.js';
