/* "/" puts the cursor in the desk's search box, on every admin page. */
"use strict";
document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest("input, textarea, select, [contenteditable], .select2-container")) return;
  const box = document.querySelector("#fb-nav-search input");
  if (box) { event.preventDefault(); box.focus(); }
});
