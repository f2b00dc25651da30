import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every library is on every map: the README's architecture section, nest-cli.json, the tsconfig paths (which
 * vitest and the child-process loader read) and the ESLint boundaries. A library added without them fails
 * here, naming what is missing.
 */
const ROOT = new URL('..', import.meta.url).pathname;
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

/** `libs/<name>` and `libs/connectors/<name>`: every folder with a `src/index.ts`. */
function libraryRoots(): string[] {
  const below = (folder: string): string[] =>
    readdirSync(join(ROOT, folder), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${folder}/${entry.name}`);
  return [...below('libs'), ...below('libs/connectors')]
    .filter((root) => existsSync(join(ROOT, root, 'src/index.ts')))
    .sort();
}

describe('the project map', () => {
  const roots = libraryRoots();
  const paths = (
    JSON.parse(read('tsconfig.json')) as { compilerOptions: { paths: Record<string, string[]> } }
  ).compilerOptions.paths;
  const mapped = Object.values(paths).map(([target]) => target!.replace(/^\.\//, ''));

  it('finds the libraries it checks', () => {
    expect(roots).toEqual(expect.arrayContaining(['libs/incident', 'libs/connectors/discord']));
  });

  it('lists every library in nest-cli.json', () => {
    const projects = (JSON.parse(read('nest-cli.json')) as { projects: Record<string, { root: string }> })
      .projects;
    const listed = Object.values(projects).map((project) => project.root);
    expect(roots.filter((root) => !listed.includes(root))).toEqual([]);
  });

  it('maps every entry point in tsconfig.json, its testing entry point too', () => {
    const entryPoints = roots.flatMap((root) => [
      `${root}/src/index.ts`,
      ...(existsSync(join(ROOT, root, 'src/testing/index.ts')) ? [`${root}/src/testing/index.ts`] : []),
    ]);
    expect(entryPoints.filter((entry) => !mapped.includes(entry))).toEqual([]);
    expect(mapped.filter((entry) => !existsSync(join(ROOT, entry)))).toEqual([]);
  });

  it('gives every library its boundary in eslint.config.js', async () => {
    const { LIBRARIES } = (await import(pathToFileURL(join(ROOT, 'eslint.config.js')).href)) as {
      LIBRARIES: { root: string }[];
    };
    expect(LIBRARIES.map((library) => library.root).sort()).toEqual(roots);
  });

  it('places every library in the README architecture map and its table of allowed imports', () => {
    const readme = read('README.md');
    const section = readme.slice(readme.indexOf('## Architecture'), readme.indexOf('Data flow:'));
    const mapLines = section.split('\n').map((line) => line.split(' ')[0]);
    expect(roots.filter((root) => !mapLines.includes(root))).toEqual([]);
    expect(roots.filter((root) => !section.includes(`| \`${root}\``))).toEqual([]);
  });
});
