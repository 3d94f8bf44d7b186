// Public surface of the inventory module.
export {};
