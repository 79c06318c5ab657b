import { html } from "../html.ts";
import { basePage } from "./base.ts";
import { searchForm } from "./home.ts";
import type { RenderContext } from "../context.ts";

export function notFoundPage(ctx: RenderContext): string {
  const main = html`<section class="not-found">
  <h1>找不到这个页面</h1>
  <p>您访问的页面不存在，可能地址有误或已被移动。</p>
  <p><a href="${ctx.links.home()}">返回首页</a>，或搜索要找的报道：</p>
  ${searchForm(ctx, "not-found-q")}
</section>`;
  return basePage(ctx, { kind: "not-found", title: "页面不存在", description: "页面不存在" }, main);
}
