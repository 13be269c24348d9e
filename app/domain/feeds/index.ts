/** The file-reading layer of KPI feeds: decoding, sniffing, row readers, value parsing, one issue type. */
export * from './issues';
export * from './decode';
export * from './sniff';
export * from './feed-reader';
export * from './read-csv';
export * from './read-xlsx';
export * from './zip-guard';
export * from './values';
export * from './timestamps';
