import { existsSync } from 'node:fs';
import path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

/** The tree-sitter runtime and the Python grammar, loaded once per process. */
export interface PythonLanguage {
  readonly parser: Parser;
  readonly language: Language;
}

let loading: Promise<PythonLanguage> | undefined;

/**
 * Loads web-tree-sitter and tree-sitter-python's grammar on first use (about 30 ms) and shares them afterwards.
 * Parsing is synchronous and single-threaded, so one Parser serves every document of the process.
 */
export function loadPythonLanguage(): Promise<PythonLanguage> {
  loading ??= (async () => {
    await Parser.init({ locateFile: (file: string) => wasmPath(file, 'web-tree-sitter') });
    const language = await Language.load(wasmPath('tree-sitter-python.wasm', 'tree-sitter-python'));
    const parser = new Parser();
    parser.setLanguage(language);
    return { parser, language };
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/**
 * The build copies both .wasm files beside the bundles (dist/); unit tests run the compiled sources from out/,
 * unbundled, where the packages in node_modules hold them.
 */
function wasmPath(file: string, pkg: string): string {
  const beside = path.join(__dirname, file);
  if (existsSync(beside)) return beside;
  return require.resolve(`${pkg}/${file}`);
}
