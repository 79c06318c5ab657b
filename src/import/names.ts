/**
 * Reporters' names in a byline. Names are usually separated by spaces ("马景阳 李振兴"), but OCR
 * and web reposts also glue them together ("□张大伟曹伟") or split one apart ("李 杰"). A glued
 * run is split only when exactly one reading makes every part a plausible name (2–3 characters
 * starting with a common surname, or a compound surname + 1–2 characters); otherwise the names
 * are left for the editor — a wrong split would publish a reporter who does not exist.
 */
import { HAN } from "./cjk.ts";

/** Common single-character surnames. Deliberately generous: more surnames means more readings, so fewer (never more) confident splits. */
const SURNAMES = new Set(
  [
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼满闻位厉伊仝郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧由",
  ].join(""),
);
const COMPOUND_SURNAMES = [
  "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐",
  "端木", "独孤", "南宫", "西门", "呼延", "申屠", "轩辕", "澹台", "万俟", "闻人", "钟离", "宗政", "濮阳", "淳于",
];

const hanOnly = new RegExp(`^[${HAN}·]+$`);
const isHanName = (token: string): boolean => hanOnly.test(token);

function plausibleName(part: string): boolean {
  const compound = COMPOUND_SURNAMES.some((s) => part.startsWith(s));
  if (compound && (part.length === 3 || part.length === 4)) return true;
  return (part.length === 2 || part.length === 3) && SURNAMES.has(part[0] ?? "");
}

/** Every way to cut `run` into plausible names. */
function readings(run: string): string[][] {
  if (run.length === 0) return [[]];
  const found: string[][] = [];
  for (let length = 2; length <= Math.min(4, run.length); length++) {
    const head = run.slice(0, length);
    if (!plausibleName(head)) continue;
    for (const rest of readings(run.slice(length))) found.push([head, ...rest]);
  }
  return found;
}

export type NameSplit = { ok: true; names: string[]; note?: string } | { ok: false; why: string };

/**
 * The names in whitespace-separated tokens, e.g. ["李", "杰"] → [李杰], ["张大伟曹伟"] → [张大伟, 曹伟].
 * Tokens of two or three characters are taken as printed.
 */
export function splitNames(tokens: readonly string[]): NameSplit {
  const names: string[] = [];
  const notes: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? "";
    if (!isHanName(token)) return { ok: false, why: `"${token}" is not a name` };
    if (token.length === 1) {
      // No name has one character: OCR split a name in two ("李 杰"); join it with the next short token.
      const next = tokens[i + 1];
      if (next !== undefined && isHanName(next) && next.length <= 2) {
        names.push(token + next);
        notes.push(`"${token} ${next}" read as ${token + next}`);
        i++;
        continue;
      }
      return { ok: false, why: `"${token}" is a single character` };
    }
    if (token.length <= 3 || token.includes("·")) {
      names.push(token);
      continue;
    }
    const options = readings(token);
    if (options.length === 1 && options[0]) {
      names.push(...options[0]);
      if (options[0].length > 1) notes.push(`"${token}" read as ${options[0].join(", ")}`);
      continue;
    }
    if (options.length === 0 && token.length === 4) {
      // A four-character name (e.g. 张王晓明) that cannot be two names is taken as printed.
      names.push(token);
      continue;
    }
    return {
      ok: false,
      why: options.length === 0 ? `cannot tell the names apart in "${token}"` : `"${token}" can be read as ${options.map((o) => o.join("/")).join(" or ")}`,
    };
  }
  return notes.length ? { ok: true, names, note: notes.join("; ") } : { ok: true, names };
}
