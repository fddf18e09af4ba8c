"""launch: a platform, system or product goes live (上线, 投入使用, 发布 a product, 完成首单 / 首批)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from nlp.arguments import Phrase, names_between, np_left, np_right
from nlp.events.base import BEFORE_OBJECT, Candidate, EventRule, strip_quotes, walk_left
from nlp.events.financing import named_with_roles
from nlp.events.patterns_io import PatternSpec
from nlp.registry import register

_KINDS_OF_CHAIN = ("区块链", "产业链", "供应链", "价值链", "创新链", "资金链", "人才链")
_STARTED = ("平台", "活动", "系统", "服务", "门户", "专区", "通道", "网络")
_BUILDER_ROLES = ("指导", "负责建设运营", "建设运营", "负责运营", "承建", "牵头建设", "联合开发", "共同开发",
                  "共同建设", "联合发起", "共同发起", "发起")


# a product told by what marks it as one (首款, 新一代, 旗舰, a Latin model name, 系列), whatever kind of
# thing it is (a car, a laptop, a drug): the kinds are endless, the markers are few
_KIND_MARK = r"新款|首款|新一代|全新|旗舰|系列|新品|新车|车型|机型|型号|\d+代"
# 鸿蒙6.0; a kind of thing followed by its quoted name (数字商品“莱茨狗”)
_PRODUCT_MARK = re.compile(_KIND_MARK + r"|[A-Za-z]{2,}|[A-Za-z]+\s?\d|[\u4e00-\u9fff]\s?\d+\.\d$"
                           r"|[\u4e00-\u9fff]“[^“”]{2,12}”$")
# 海豹正式上市，售价21.28万元起: a price told with it makes the thing a product, whatever its name
_PRICE = re.compile(r"售价|起售价|指导价|定价|预售价|[\d.]+万?元起")
# …what is released but is no product: documents, figures, measures, notices (their own rules or none)
_NOT_A_PRODUCT = re.compile(r"措施|举措|政策|意见|通知|公告|数据|报告|名单|榜单|指数|预警|倡议|声明|计划|方案|办法|规划"
                            r"|白皮书|指南|标准|信息|消息|结果|通报|公报|业绩|财报|年报|战略|目标|招聘|提示|文件|动态")


class LaunchRule(EventRule):
    type = "launch"
    min_np_object = 3  # 新工厂投产 / 新车型上市: a short product or plant is object enough
    object_suffixes = ("系统", "平台", "应用", "小程序", "服务", "产品", "模型", "大模型", "芯片", "App", "APP", "网络",
                       "专区", "通道", "中心", "工厂", "产线", "生产线", "项目", "电站", "示范线", "业务", "场景", "终端",  # noqa: E501
                       "活动", "门户", "车型", "手机", "汽车", "新品", "补丁",
                       "操作系统", "算力", "集群", "服务器", "机器人", "功能", "版本",
                       "链", "解决方案",  # 迅雷链 / 蚂蚁链上线: a blockchain goes live
                       # lines, roads and stations opened to traffic (19号线开通运营, 高铁武宜段通车)
                       "号线", "铁路", "高铁", "地铁", "公路", "大桥", "隧道", "机场", "航线", "段", "加注站", "加氢站",
                       "高铁站", "火车站", "地铁站")

    def _strategy(
        self, strategy: str, doc: Doc, sent: Span, trigger: Span, spec: PatternSpec, lo: int, hi: int
    ) -> Phrase | None:
        if strategy == "np_left" and spec.id == "launch.product":
            found = super()._strategy(strategy, doc, sent, trigger, spec, lo, hi)
            if found is not None:
                return found
            # 华为Mate 60 Pro正式开售: a product before its verb, named by a model, not by a kind word
            i = self._left_anchor(doc, trigger.start, lo)
            phrase = np_left(doc, i, lo)
            if phrase is None or len(phrase.text) < 3:
                phrase = walk_left(doc, lo, i)  # 比亚迪仰望U8: a verb-like word inside the name (仰望/v)
            return phrase if phrase is not None and _is_product(phrase.text, sent.text, trigger.text) else None
        if strategy != "product_right":
            found = super()._strategy(strategy, doc, sent, trigger, spec, lo, hi)
            # 推出区块链原生数字商品…: a phrase cut after the 链 of a technology names nothing; the next
            # strategy reads on (a chain that goes live is named, 迅雷链)
            return None if found is not None and found.text.endswith(_KINDS_OF_CHAIN) else found
        k = trigger.end
        while k < hi and doc[k].text in BEFORE_OBJECT:
            k += 1
        phrase = np_right(doc, k - 1, hi)  # 推出首款纯电轿车SU7: the product, of whatever kind
        if phrase is None or not _PRODUCT_MARK.search(phrase.text) or _NOT_A_PRODUCT.search(phrase.text):
            return None
        return phrase

    def refine(self, cand: Candidate) -> Candidate | None:
        after = cand.sentence.doc.text[cand.trigger.end_char : cand.trigger.end_char + 3]
        if cand.trigger.text.endswith("商用") and after.startswith(("试验", "试点", "许可", "牌照")):
            return None  # 开展…商用试验: a trial the regulator allows (an approval), nothing goes live
        if cand.rule_id == "launch.product" and "《" in after:
            return None  # 发布《…》: a document or a report (their own rules), not a product
        if cand.rule_id == "launch.product" and after.startswith("的"):
            return None  # 某品牌推出的…活动: the product described by its launch, not the launch reported
        if cand.rule_id == "launch.start" and not (cand.object and cand.object.text.endswith(_STARTED)):
            return None  # 项目启动 / 工作启动: work begins, nothing goes live
        if cand.object is None and cand.rule_id == "launch.first_deal":
            cand.object = self._named_before(cand)  # 打造的“云图农服区块链金融服务平台”…完成首批…贷款
            if cand.object is not None:  # its makers are named before it
                doc = cand.sentence.doc
                end = next((t.i for t in cand.sentence if t.idx >= cand.object.start), cand.sentence.end)
                cand.participants = names_between(doc, cand.sentence.start, end) or cand.participants
        cand.object = strip_quotes(cand.object)
        if cand.object is None or cand.object.text.endswith(_KINDS_OF_CHAIN):
            return None  # …区块链产业发展计划: a technology or a chain of industry is no chain that went live
        # 平台由A与B联合发起: who built or founded it says more than who stood on the stage at its start
        cand.participants = named_with_roles(cand, _BUILDER_ROLES) or cand.participants
        return cand


    def _named_before(self, cand: Candidate) -> Phrase | None:
        """The last quoted platform / system named before the trigger in its sentence."""
        doc = cand.sentence.doc
        s0 = cand.sentence.start_char
        left = doc.text[s0 : cand.trigger.start_char]
        found = [m for m in re.finditer(r"“([^“”]{2,30})”", left) if m.group(1).endswith(self.object_suffixes)]
        if not found:
            return None
        m = found[-1]
        return Phrase(m.group(1), s0 + m.start(1), s0 + m.end(1))


def _is_product(name: str, sentence: str, verb: str) -> bool:
    """Is `name`, released by `verb` in `sentence`, a product? A model name or a kind word marks one; a
    company 上市 (listed) has a Latin name too, so 上市 needs a kind word or a price."""
    if _NOT_A_PRODUCT.search(name):
        return False
    if verb == "上市":
        return bool(re.search(_KIND_MARK, name) or _PRICE.search(sentence))
    return bool(_PRODUCT_MARK.search(name) or _PRICE.search(sentence))


@register("eventline.launch_rules.v1")
def make_launch_rules() -> LaunchRule:
    return LaunchRule()
