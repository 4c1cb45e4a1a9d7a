// Copy buttons for copy-ready records and settings. Without JavaScript the text stays
// selectable and nothing is missing: the buttons only exist when this script runs.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const labels = document.querySelector("main").dataset;
  for (const block of document.querySelectorAll("[data-copy]")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = labels.copyLabel;
    const status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(block.textContent);
        status.textContent = labels.copiedLabel;
      } catch {
        // No clipboard (an insecure origin, a refused permission): select the text instead.
        const range = document.createRange();
        range.selectNodeContents(block);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        status.textContent = labels.selectedLabel;
      }
    });
    block.after(button, status);
  }
});
