/** The vendored Gateway API release, without the leading "v". */
export declare const GATEWAY_API_VERSION: string;
/** Folder of the vendored Gateway API CRDs. */
export declare const SCHEMA_DIR: string;
/** Path of the gzipped standard-channel CRDs. */
export declare const CRD_FILE: string;
/** The vendored CRDs as the original `---`-separated YAML text. */
export declare function readCrdText(): string;
/** One CRD of the vendored set, by API group and kind: its YAML text as vendored and its parsed form. */
export declare function crdDocument(group: string, kind: string): { text: string; crd: any };
