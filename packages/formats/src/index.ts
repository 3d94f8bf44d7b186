// Bill parsers (EDI 811, FOCUS, carrier CSV/XLSX, UBL, TMF678) arrive with invoice ingestion:
// bytes or streams in, typed records and row errors out; no database, no HTTP.
export {};
