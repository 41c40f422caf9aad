// Trunk post-build step (run by scripts/post-build.mjs, after the CSP): makes the designer work
// offline after one visit.
//
// Writes dist/sw.js from public/sw.js with the build's own files (every file Trunk wrote, by
// its hashed name) and a version made from their contents, and points the web app manifest's
// icon at the hashed favicon. Nothing from outside the build is listed.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) {
  console.error("offline.mjs: TRUNK_STAGING_DIR is not set (run as a Trunk post_build hook)");
  process.exit(2);
}

function filesUnder(folder) {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const path = join(folder, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

const html = readFileSync(join(dir, "index.html"), "utf8");
const icon = html.match(/<link rel="icon" href="([^"]+)"/)?.[1];
const manifestPath = join(dir, "manifest.webmanifest");
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
if (!icon) {
  console.error("offline.mjs: no <link rel=\"icon\"> in index.html for the manifest's icon");
  process.exit(1);
}
manifest.icons = manifest.icons.map((entry) => ({ ...entry, src: icon }));
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

const files = filesUnder(dir)
  .map((path) => relative(dir, path).split(sep).join("/"))
  .filter((path) => path !== "sw.js");
const version = createHash("sha256");
for (const path of files) version.update(path).update("\0").update(readFileSync(join(dir, path)));
const urls = files.map((path) => (path === "index.html" ? "/" : `/${path}`));
const template = readFileSync(join(here, "..", "public", "sw.js"), "utf8");
if (!template.includes("__TFDESIGN_FILES__") || !template.includes("__TFDESIGN_VERSION__")) {
  console.error("offline.mjs: public/sw.js lacks its __TFDESIGN_FILES__/__TFDESIGN_VERSION__ placeholders");
  process.exit(1);
}
const sw = template
  .replace("__TFDESIGN_VERSION__", version.digest("hex").slice(0, 16))
  .replace("__TFDESIGN_FILES__", JSON.stringify(urls));
writeFileSync(join(dir, "sw.js"), sw);
console.log(`offline.mjs: sw.js caches ${urls.length} files; manifest icon ${icon}`);
