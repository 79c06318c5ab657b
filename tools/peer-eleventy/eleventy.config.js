/**
 * The idiomatic peer (issue 17): the same archive built the way an Eleventy user would build it —
 * Eleventy 3 per-file templates (Nunjucks), its pagination for every index, then the Pagefind CLI
 * for search. tools/bench.ts measures our build against it on the same articles, in the same run.
 * Not part of the archive: nothing here is tuned, it is what the Eleventy and Pagefind docs teach.
 *
 * tools/bench.ts makes the project before timing it (see `peerProject` there): this folder's files,
 * plus articles/<year>/<file>.md hard-linked from the corpus. Two front-matter keys are renamed in
 * copies, as Hugo's `url:` is: `page:` (the printed page, A03) collides with Eleventy's reserved
 * `page` variable, so it becomes `print_page:`. Then, in the project folder:
 *   node node_modules/@11ty/eleventy/cmd.cjs --output=<site>
 *   node_modules/.bin/pagefind --site <site>
 *
 * Pages written: every article (/articles/<year>/<file>/), the home page, the tag, place,
 * newspaper and reporter lists and each term's pages, the year, month and day pages, all lists
 * paginated by 20 (/page/2/ …), a search page (Pagefind's UI), one feed, one sitemap. URLs keep
 * Chinese names as they are (as Hugo does): Eleventy's `slugify` drops Chinese characters.
 */
import container from "markdown-it-container";

const PER_PAGE = 20;

const asList = (value) => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);
const pad2 = (n) => String(n).padStart(2, "0");

/** Splits `items` into pages of PER_PAGE: the "pagination of a pagination" recipe's data. */
function listPages(base, title, items) {
  const pages = [];
  const count = Math.max(1, Math.ceil(items.length / PER_PAGE));
  for (let i = 0; i < count; i++) {
    pages.push({
      title,
      href: i === 0 ? base : `${base}page/${i + 1}/`,
      base,
      number: i + 1,
      count,
      total: items.length,
      items: items.slice(i * PER_PAGE, (i + 1) * PER_PAGE),
    });
  }
  return pages;
}

/** Articles grouped by each of the values `valuesOf` gives, in first-seen order (newest first). */
function groupBy(articles, valuesOf) {
  const groups = new Map();
  for (const article of articles) {
    for (const value of valuesOf(article)) {
      if (!groups.has(value)) groups.set(value, []);
      groups.get(value).push(article);
    }
  }
  return groups;
}

const newestFirst = (api) => api.getFilteredByGlob("articles/**/*.md").reverse();

const TAXONOMIES = {
  tags: { title: "标签", values: (a) => asList(a.data.tags) },
  counties: { title: "地区", values: (a) => asList(a.data.place) },
  sources: { title: "报纸", values: (a) => asList(a.data.source) },
  authors: { title: "记者", values: (a) => asList(a.data.authors) },
};

export default function (eleventyConfig) {
  eleventyConfig.amendLibrary("md", (md) => md.use(container, "photo"));

  eleventyConfig.addFilter("asList", asList);
  eleventyConfig.addFilter("ymd", (d) => d.toISOString().slice(0, 10));
  eleventyConfig.addFilter("zhDate", (d) => `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`);
  eleventyConfig.addFilter("dayHref", (d) => `/archive/${d.getUTCFullYear()}/${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/`);
  eleventyConfig.addFilter("termHref", (name, kind) => `/${kind}/${name}/`);

  // Oldest first, as Eleventy sorts: the article layout's previous/next.
  eleventyConfig.addCollection("articles", (api) => api.getFilteredByGlob("articles/**/*.md"));
  eleventyConfig.addCollection("latest", (api) => newestFirst(api).slice(0, PER_PAGE));

  for (const [kind, { title, values }] of Object.entries(TAXONOMIES)) {
    // /<kind>/: every term with its count; /<kind>/<term>/ (page/2/ …): its articles, newest first.
    eleventyConfig.addCollection(`${kind}Terms`, (api) =>
      [...groupBy(newestFirst(api), values)].map(([name, items]) => ({ name, count: items.length, href: `/${kind}/${name}/` })).sort((a, b) => b.count - a.count),
    );
    eleventyConfig.addCollection(`${kind}Pages`, (api) =>
      [...groupBy(newestFirst(api), values)].flatMap(([name, items]) => listPages(`/${kind}/${name}/`, `${title}：${name}`, items)),
    );
  }

  // /archive/<year>/, /archive/<year>/<month>/, /archive/<year>/<month>/<day>/, each paginated.
  eleventyConfig.addCollection("datePages", (api) => {
    const articles = newestFirst(api);
    const pages = [];
    const levels = [
      (d) => [`/archive/${d.getUTCFullYear()}/`, `${d.getUTCFullYear()}年`],
      (d) => [`/archive/${d.getUTCFullYear()}/${pad2(d.getUTCMonth() + 1)}/`, `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月`],
      (d) => [`/archive/${d.getUTCFullYear()}/${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/`, `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`],
    ];
    for (const level of levels) {
      const titles = new Map();
      const groups = groupBy(articles, (a) => {
        const [href, title] = level(a.date);
        titles.set(href, title);
        return [href];
      });
      for (const [href, items] of groups) pages.push(...listPages(href, titles.get(href), items));
    }
    return pages;
  });
  eleventyConfig.addCollection("years", (api) =>
    [...groupBy(newestFirst(api), (a) => [a.date.getUTCFullYear()])].map(([year, items]) => ({ year, count: items.length, href: `/archive/${year}/` })),
  );

  return {
    dir: { input: ".", includes: "_includes", output: "_site" },
    markdownTemplateEngine: false,
    htmlTemplateEngine: "njk",
  };
}
