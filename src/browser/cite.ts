/**
 * The article page's 引用本文 block (src/render/templates/citation.ts): fills the 引用日期 with
 * today's date in China, lets the reader change it, and copies the reference. Without it the page
 * still shows the reference with "引用日期" for the reader to fill in by hand.
 */
const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());

for (const block of document.querySelectorAll<HTMLElement>("[data-citation]")) {
  const reference = block.querySelector<HTMLElement>("[data-cite-reference]");
  const accessed = block.querySelectorAll<HTMLElement>("[data-cite-accessed]");
  const picker = block.querySelector<HTMLInputElement>("[data-cite-date]");
  const copy = block.querySelector<HTMLButtonElement>("[data-cite-copy]");
  const status = block.querySelector<HTMLElement>("[data-cite-status]");
  const setDate = (date: string) => accessed.forEach((span) => (span.textContent = date || "引用日期"));
  if (picker && accessed.length) {
    picker.value = today;
    setDate(today);
    picker.addEventListener("input", () => setDate(picker.value));
    picker.closest<HTMLElement>("[hidden]")?.removeAttribute("hidden");
  }
  if (reference && copy) {
    copy.hidden = false;
    copy.addEventListener("click", async () => {
      const text = reference.textContent?.trim() ?? "";
      try {
        await navigator.clipboard.writeText(text);
      } catch {
        // No clipboard permission (an older browser, a page not served over https): select the
        // text so that Ctrl+C copies it.
        const range = document.createRange();
        range.selectNodeContents(reference);
        getSelection()?.removeAllRanges();
        getSelection()?.addRange(range);
        if (status) status.textContent = "已选中引文，请按 Ctrl+C 复制";
        return;
      }
      if (status) status.textContent = "已复制";
    });
  }
}
