export * from '../commandRoles';
export * from './commandInput';
export * from './buildCommand';
