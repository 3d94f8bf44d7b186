// Public surface of the data-quality module.
export {};
