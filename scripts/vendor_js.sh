#!/usr/bin/env bash
# Re-fetch the JavaScript libraries that report.html inlines (the report works offline: no CDN).
# Run by hand when bumping a version; the outputs are committed under src/rashomon/report/assets/
# with their licence files, so neither building nor testing needs npm.
#   cytoscape     entity and provenance graphs   (MIT)
#   vis-timeline  the timeline, standalone build  (Apache-2.0 OR MIT)
set -euo pipefail
cd "$(dirname "$0")/.."
CYTOSCAPE=3.34.4
VIS_TIMELINE=8.5.4
DEST=src/rashomon/report/assets
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack --silent "cytoscape@$CYTOSCAPE" "vis-timeline@$VIS_TIMELINE" >/dev/null)
mkdir -p "$TMP/cy" "$TMP/vt" "$DEST"
tar xzf "$TMP/cytoscape-$CYTOSCAPE.tgz" -C "$TMP/cy"
tar xzf "$TMP/vis-timeline-$VIS_TIMELINE.tgz" -C "$TMP/vt"
# Source-map comments are dropped: the report must never ask for another file.
strip_maps() { sed -e '/^\/\/# sourceMappingURL=/d' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' "$1"; }
strip_maps "$TMP/cy/package/dist/cytoscape.min.js" > "$DEST/cytoscape.min.js"
cp "$TMP/cy/package/LICENSE" "$DEST/cytoscape.LICENSE"
strip_maps "$TMP/vt/package/standalone/umd/vis-timeline-graph2d.min.js" > "$DEST/vis-timeline-graph2d.min.js"
strip_maps "$TMP/vt/package/styles/vis-timeline-graph2d.min.css" > "$DEST/vis-timeline-graph2d.min.css"
cat "$TMP/vt/package/LICENSE.Apache-2.0.txt" > "$DEST/vis-timeline.LICENSE"
printf '\n\n---- (dual licensed: Apache-2.0 OR MIT) ----\n\n' >> "$DEST/vis-timeline.LICENSE"
cat "$TMP/vt/package/LICENSE.MIT.txt" >> "$DEST/vis-timeline.LICENSE"
cat > "$DEST/VERSIONS" <<END
cytoscape $CYTOSCAPE (npm), dist/cytoscape.min.js, MIT
vis-timeline $VIS_TIMELINE (npm), standalone/umd/vis-timeline-graph2d.min.js + styles/vis-timeline-graph2d.min.css, Apache-2.0 OR MIT
fetched by scripts/vendor_js.sh; source-map comments removed
END
ls -l "$DEST"
