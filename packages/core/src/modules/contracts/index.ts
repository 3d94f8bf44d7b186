// Public surface of the contracts module.
export {};
