"""approval: an authority approves, grants or selects (批复, 获批, 同意, 复函支持, 授牌, 入选)."""

from __future__ import annotations

from nlp.events.base import EventRule
from nlp.registry import register


class ApprovalRule(EventRule):
    type = "approval"
    object_suffixes = ("先导区", "示范区", "试验区", "试点", "先行区", "示范基地", "基地", "园区", "示范城市", "城市",
                       "示范项目", "名单", "中心", "实验室", "平台", "集群", "自贸区", "新区", "高新区",
                       "开发区", "称号", "资质", "牌照", "许可", "方案", "规划", "注册", "上市", "临床试验", "申请",
                       "筹建", "开业", "产品", "药品", "新药", "疫苗", "器械", "项目", "批准通知书", "注册证",
                       # financial products a regulator approves (…碳中和ETF正式获批)
                       "ETF", "REITs", "基金", "债券")
    title_words = ()  # 批复《…规划》: whatever title the authority approves


@register("eventline.approval_rules.v1")
def make_approval_rules() -> ApprovalRule:
    return ApprovalRule()
