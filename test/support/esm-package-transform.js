// Jest runs the code as CommonJS and cannot require an ES module (jest-runtime's
// createRequireEsmError), while Node 22 itself can. @platformatic/kafka and its helper packages are
// ES modules only: this transforms them to CommonJS with swc, like our own TypeScript, after replacing
// `import.meta.url` (which has no CommonJS form) with the file's URL.
const { createTransformer } = require('@swc/jest');

const swc = createTransformer({ jsc: { target: 'es2023' }, module: { type: 'commonjs' } });

function withoutImportMeta(source) {
  return source.replace(/\bimport\.meta\.url\b/g, "('file://' + encodeURI(__filename))");
}

module.exports = {
  process(source, filename, options) {
    return swc.process(withoutImportMeta(source), filename, options);
  },
  getCacheKey(source, filename, options) {
    return swc.getCacheKey(withoutImportMeta(source), filename, options);
  },
};
