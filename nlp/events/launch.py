"""launch: a platform, system or product goes live (上线, 投入使用, 发布 a product, 完成首单 / 首批)."""

from __future__ import annotations

import re

from nlp.arguments import Phrase, names_between
from nlp.events.base import Candidate, EventRule, strip_quotes
from nlp.events.financing import with_roles
from nlp.registry import register

_STARTED = ("平台", "活动", "系统", "服务", "门户", "专区", "通道", "网络")
_BUILDER_ROLES = ("指导", "负责建设运营", "建设运营", "负责运营", "承建", "牵头建设", "联合开发", "共同开发",
                  "共同建设")


class LaunchRule(EventRule):
    type = "launch"
    min_np_object = 3  # 新工厂投产 / 新车型上市: a short product or plant is object enough
    object_suffixes = ("系统", "平台", "应用", "小程序", "服务", "产品", "模型", "大模型", "芯片", "App", "APP", "网络",
                       "专区", "通道", "中心", "工厂", "产线", "生产线", "项目", "电站", "示范线", "业务", "场景", "终端",  # noqa: E501
                       "活动", "门户", "车型", "手机", "汽车", "新品", "补丁",
                       "操作系统", "算力", "集群", "服务器", "机器人", "功能", "版本")

    def refine(self, cand: Candidate) -> Candidate | None:
        after = cand.sentence.doc.text[cand.trigger.end_char : cand.trigger.end_char + 3]
        if cand.trigger.text.endswith("商用") and after.startswith(("试验", "试点", "许可", "牌照")):
            return None  # 开展…商用试验: a trial the regulator allows (an approval), nothing goes live
        if cand.rule_id == "launch.product" and "《" in after:
            return None  # 发布《…》: a document or a report (their own rules), not a product
        if cand.rule_id == "launch.start" and not (cand.object and cand.object.text.endswith(_STARTED)):
            return None  # 项目启动 / 工作启动: work begins, nothing goes live
        if cand.object is None and cand.rule_id == "launch.first_deal":
            cand.object = self._named_before(cand)  # 打造的“云图农服区块链金融服务平台”…完成首批…贷款
            if cand.object is not None:  # its makers are named before it
                doc = cand.sentence.doc
                end = next((t.i for t in cand.sentence if t.idx >= cand.object.start), cand.sentence.end)
                cand.participants = names_between(doc, cand.sentence.start, end) or cand.participants
        cand.object = strip_quotes(cand.object)
        if cand.object is None:
            return None
        cand.participants = with_roles(cand, _BUILDER_ROLES)
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


@register("eventline.launch_rules.v1")
def make_launch_rules() -> LaunchRule:
    return LaunchRule()
