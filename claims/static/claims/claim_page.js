/* The claim page: keyboard shortcuts, never losing typed work, folding citations.
   j / k        next / previous claim of the list (outside text fields)
   Ctrl+S, Ctrl+Enter   save and stay (anywhere)
   h            history;  ?  the list of keys
*/
"use strict";
(function () {
  const form = document.getElementById("claim_form");
  if (!form) return;
  // A form shown again with errors holds what the journalist typed, unsaved.
  let dirty = document.querySelector("#claim_form .errornote, #claim_form .errorlist") !== null;
  let submitting = false;

  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("change", () => { dirty = true; });

  const noteText = document.getElementById("fb-note-text");
  const noteDirty = () => noteText && noteText.value.trim() !== "" && noteText.defaultValue.trim() !== noteText.value.trim();

  form.addEventListener("submit", () => {
    submitting = true;
    // A note typed but not yet added goes with the save (the server adds it).
    if (noteText && noteText.value.trim() !== "") {
      const carried = document.createElement("input");
      carried.type = "hidden";
      carried.name = "note";
      carried.value = noteText.value;
      form.appendChild(carried);
    }
  });
  for (const other of document.querySelectorAll("#fb-note-form, #fb-checklist-form")) {
    other.addEventListener("submit", () => { submitting = true; });
  }

  window.addEventListener("beforeunload", (event) => {
    if (!submitting && (dirty || noteDirty())) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable], .select2-container");
  }

  function follow(id) {
    const link = document.getElementById(id);
    if (link) window.location.href = link.href;  // beforeunload asks first if unsaved
  }

  function save() {
    const button = document.getElementById("fb-save");
    if (button) button.click();
  }

  function toggleHelp() {
    let help = document.getElementById("fb-keys");
    if (help) { help.hidden = !help.hidden; return; }
    help = document.createElement("div");
    help.id = "fb-keys";
    help.setAttribute("role", "dialog");
    help.setAttribute("aria-label", "Keyboard shortcuts");
    help.innerHTML = "<h2>Keys</h2><dl>" +
      "<dt>j</dt><dd>next claim of the list</dd><dt>k</dt><dd>previous claim</dd>" +
      "<dt>Ctrl+S or Ctrl+Enter</dt><dd>save and stay on the claim</dd>" +
      "<dt>h</dt><dd>history</dd><dt>/</dt><dd>search claims</dd><dt>?</dt><dd>show or hide this list</dd></dl>";
    document.body.appendChild(help);
  }

  document.addEventListener("keydown", (event) => {
    const key = event.key;
    if ((event.ctrlKey || event.metaKey) && (key === "s" || key === "S" || key === "Enter")) {
      event.preventDefault();
      save();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (key === "j") follow("fb-next");
    else if (key === "k") follow("fb-previous");
    else if (key === "h") follow("fb-history");
    else if (key === "?") toggleHelp();
    else return;
    event.preventDefault();
  });

  // In a comparison, "Keep this" puts the other version in the form field, "Keep mine" back.
  for (const row of document.querySelectorAll(".fb-clash")) {
    const name = row.dataset.field;
    const inputs = form.querySelectorAll(`[name="${name}"]`);
    const mine = Array.from(inputs, (input) => (input.type === "radio" ? input.checked : input.value));
    row.addEventListener("change", (event) => {
      const theirs = event.target.value === "theirs";
      inputs.forEach((input, i) => {
        if (input.type === "radio") input.checked = theirs ? input.value === event.target.dataset.value : mine[i];
        else input.value = theirs ? event.target.dataset.value : mine[i];
      });
    });
  }

  const toggle = document.getElementById("fb-toggle-citations");
  if (toggle) {
    toggle.addEventListener("click", () => {
      const cards = document.querySelectorAll(".fb-citation-card");
      const open = toggle.textContent.trim() === "Fold all";
      cards.forEach((card) => { card.open = !open; });
      toggle.textContent = open ? "Unfold all" : "Fold all";
    });
  }
})();
