// pdf-tags.mjs FILE.pdf: reads the structure tree of every page of a tagged
// PDF with pdf.js, as a screen reader's host would, and prints one JSON
// object: the number of pages, the pages whose tree could not be read (with
// the error), how often each structure type occurs (an element that spans
// pages counts once per page), and the figures that have no alt text.
//
// pdf.js is the npm package pdfjs-dist pinned in tools/package.json; PDFJS
// overrides the path of its legacy build.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const lib = process.env.PDFJS || path.join(root, 'tools/node_modules/pdfjs-dist/legacy/build/pdf.mjs');
const pdfjs = await import(pathToFileURL(lib).href);

const file = process.argv[2];
const doc = await pdfjs.getDocument({ url: file, verbosity: 0, isEvalSupported: false }).promise;
const out = { pages: doc.numPages, errors: [], types: {}, figuresWithoutAlt: [] };
for (let n = 1; n <= doc.numPages; n++) {
	try {
		const pg = await doc.getPage(n);
		const tree = await pg.getStructTree();
		if (!tree) {
			out.errors.push(`page ${n}: no structure tree`);
			continue;
		}
		const walk = (node) => {
			if (!node || node.type === 'content' || node.type === 'object' || node.type === 'annotation') return;
			if (node.role && node.role !== 'Root') {
				out.types[node.role] = (out.types[node.role] || 0) + 1;
				if (node.role === 'Figure' && !(node.alt && node.alt.trim())) out.figuresWithoutAlt.push(n);
			}
			for (const k of node.children || []) walk(k);
		};
		walk(tree);
		pg.cleanup();
	} catch (e) {
		out.errors.push(`page ${n}: ${e && e.message ? e.message : e}`);
	}
}
await doc.destroy();
console.log(JSON.stringify(out));
