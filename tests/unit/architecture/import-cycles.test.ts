/**
 * No import circle in the application's own code: a module that imports another which (through any
 * chain) imports it back is harder to read, to test alone and to load (a circle hands out half-built
 * modules). Type-only imports count: they are the circle a reader follows.
 */
import fs from 'fs';
import path from 'path';
import ts from 'typescript';

const SRC = path.resolve(__dirname, '..', '..', '..', 'src');
const EXTENSIONS = ['.ts', '.tsx', '.js', '.json', '/index.ts', '/index.tsx', '/index.js'];

const sourceFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((file) => path.join(dir, file))
    .filter((file) => /\.(ts|tsx|js)$/.test(file) && fs.statSync(file).isFile());

/** The files under src/ a module imports (relative specifiers; packages are outside the graph). */
const importsOf = (file: string): string[] =>
  ts
    .preProcessFile(fs.readFileSync(file, 'utf8'), true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => {
      const base = path.resolve(path.dirname(file), specifier);
      const found = [base, ...EXTENSIONS.map((ext) => `${base}${ext}`)].find(
        (candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile()
      );
      if (!found) throw new Error(`${path.relative(SRC, file)} imports ${specifier}, which is not a file`);
      return found;
    })
    .filter((target) => target.startsWith(SRC));

/** Every circle, as the chain of files from one back to itself (depth-first search, one report per circle). */
const findImportCircles = (files: string[]): string[][] => {
  const graph = new Map(files.map((file) => [file, importsOf(file)]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const circles: string[][] = [];
  const visit = (file: string): void => {
    state.set(file, 'visiting');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'visiting') circles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return circles.map((circle) => circle.map((file) => path.relative(SRC, file)));
};

describe('imports under src/', () => {
  const files = sourceFiles(SRC);

  it('reads the whole application', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(importsOf(path.join(SRC, 'index.ts')).length).toBeGreaterThan(3);
  });

  it('form no circle', () => {
    expect(findImportCircles(files)).toEqual([]);
  });
});
