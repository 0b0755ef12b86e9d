/** nunjucks' slim build (runtime only, for precompiled templates): the package's API without its compiler. */
declare module 'nunjucks/browser/nunjucks-slim.js' {
  import nunjucks from 'nunjucks';
  export default nunjucks;
}
