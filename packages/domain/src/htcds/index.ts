/** The research extract in the structure of HTCDS 2.0, at CTDC's public-data level (docs/htcds-mapping.md). */
export * from "./extract.ts";
export * from "./fields.ts";
export * from "./mapping.ts";
export * from "./validate.ts";
