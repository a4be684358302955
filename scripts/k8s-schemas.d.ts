/** Folder of the vendored, gzipped Kubernetes API definitions. */
export declare const SCHEMA_DIR: string;
/** The Kubernetes versions vendored, oldest first. */
export declare function vendoredVersions(): string[];
/** Path of the gzipped definitions of one version. */
export declare function schemaFile(version: string): string;
/** The definitions file of one version, as the original JSON text. */
export declare function readSchemaText(version: string): string;
