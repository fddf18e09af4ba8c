"""launch: a platform, system or product goes live (上线, 投入使用, 发布 a product, 完成首单 / 首批)."""

from __future__ import annotations

from nlp.events.base import Candidate, EventRule, strip_quotes
from nlp.registry import register


class LaunchRule(EventRule):
    type = "launch"
    object_suffixes = ("系统", "平台", "应用", "小程序", "服务", "产品", "模型", "大模型", "芯片", "App", "APP", "网络",
                       "专区", "通道", "中心", "工厂", "产线", "生产线", "项目", "电站", "示范线", "业务", "场景", "终端",  # noqa: E501
                       "操作系统", "算力", "集群", "服务器", "机器人", "功能", "版本")

    def refine(self, cand: Candidate) -> Candidate | None:
        cand.object = strip_quotes(cand.object)
        return cand if cand.object else None


@register("eventline.launch_rules.v1")
def make_launch_rules() -> LaunchRule:
    return LaunchRule()
