export {
  LoopbackConnector,
  LoopbackRefusal,
  type LoopbackButton,
  type LoopbackMessage,
  type LoopbackUser,
} from './loopback-connector.js';
