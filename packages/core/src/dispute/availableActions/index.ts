export * from './actionBounds';
export * from './availableActions';
