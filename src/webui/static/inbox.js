// The deliverability test page: ask for the test's state every two seconds and, when it
// changes, load the page again in place. Without JavaScript the page refreshes itself.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const test = document.getElementById("inbox-test");
  if (!test) return;
  const state = test.dataset.state;
  const poll = async () => {
    try {
      const answer = await fetch(test.dataset.statusUrl, { headers: { Accept: "application/json" } });
      if (answer.ok) {
        const status = await answer.json();
        const now = status.status === "waiting" ? (status.arrived ? "received" : "waiting") : status.status;
        if (now !== state) {
          const page = await fetch(window.location.href);
          const html = new DOMParser().parseFromString(await page.text(), "text/html");
          document.title = html.title;
          document.querySelector("main").replaceWith(html.querySelector("main"));
          document.dispatchEvent(new Event("DOMContentLoaded"));
          return;
        }
      }
    } catch {
      // A network hiccup: try again at the next tick.
    }
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 2000);
});
