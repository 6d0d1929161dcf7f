"""The demo applications' facts: per ICH project, the levels, the people of
第七条（二） and the five narrative answers of 第七条（一）–（五）, each a few
sentences in Chinese, marked 【演示】."""

# project name -> (level, craft, history, people, activities, benefits)
PROJECTS = {
    "景德镇手工制瓷技艺": (
        "国家级",
        "拉坯、利坯、画坯、施釉、满窑、烧窑七十二道工序",
        "作坊沿用清代镇窑格局，保留柴窑一座、槎窑一座",
        "手工制瓷技艺传承人三名常年驻场带徒",
        "每年举办“瑶里开窑节”和面向中小学生的拉坯体验课",
        "带动周边四十余户窑工就业，手工瓷年销售额稳步增长",
    ),
    "浮梁茶艺": (
        "省级",
        "浮梁红茶采摘、萎凋、揉捻、发酵与瓷器茶具配套的冲泡礼仪",
        "茶瓷文化馆由百年茶号旧址改建，保存清末茶号账簿和茶具",
        "茶艺传承人两名带领茶艺师团队开展研习",
        "每月开放茶瓷雅集，与社区合办“浮梁茶瓷进万家”活动",
        "茶瓷研学接待游客逐年增加，带动本地茶农增收",
    ),
    "青白瓷烧制技艺": (
        "省级",
        "湘湖影青瓷的胎土淘洗、刻划花装饰和龙窑烧成",
        "研究所毗邻湘湖宋代窑址，藏有出土瓷片标本三千余件",
        "研究人员与青白瓷传承人合作复原宋代影青釉配方",
        "定期举办青白瓷学术讲座，出版窑址调查简报",
        "研究成果服务窑址保护规划，复原产品进入文创市场",
    ),
    "高岭土开采技艺": (
        "市级",
        "高岭土的开采、淘洗、制不（dǔn）子等传统工序",
        "作坊位于高岭村古矿遗址旁，保留水碓、淘洗池等设施",
        "熟练掌握淘洗制不技艺的老矿工组成技艺持有者群体",
        "开放古矿遗址体验线路，举办瓷土文化讲解",
        "传统瓷土产品供应本地手工作坊，带动村民参与遗址保护",
    ),
    "景德镇传统瓷窑作营造技艺": (
        "国家级",
        "镇窑、槎窑的砌窑、补窑和窑具制作",
        "作坊承担老窑址的修缮，保存砌窑工具和图样",
        "挛窑技艺传承人带领窑工队伍开展修缮实践",
        "举办窑炉营造公开课，接待高校实习学生",
        "窑炉修缮业务覆盖全市多处手工作坊，稳定就业",
    ),
}


def narrative_for(organisation_name: str, project: str) -> dict:
    """Returns the five answers of 第七条（一）–（五） for a workshop's
    project, in plausible Chinese, marked as demo content."""
    level, craft, history, people, activities, benefits = PROJECTS[project]
    short = organisation_name.removeprefix("【演示】")
    return {
        "authenticity": (
            f"【演示】{short}传承{level}非物质文化遗产项目“{project}”，完整保留{craft}。"
            f"{history}，核心技艺按传统方式操作，未以机械替代关键工序。"
        ),
        "inheritors": (
            f"【演示】{people}。单位建立师徒传承档案，每位学徒有固定师傅和年度学习计划，"
            "已有多名学徒独立完成作品。"
        ),
        "safeguarding": (
            f"【演示】单位制定“{project}”保护计划，对工序、工具和作品进行影像记录和文字整理，"
            "设专人管理档案，年度保护经费列入单位预算。"
        ),
        "participation": (
            f"【演示】{activities}。单位与所在乡镇、村委会共同组织活动，"
            "当地群众参与技艺学习和展示的热情较高。"
        ),
        "benefits": (f"【演示】{benefits}。项目的保护与利用相互促进，社会效益和经济效益较好。"),
    }


# The people of 第七条（二）, per project: representative inheritors (name,
# level) or skilled holders (name, years, evidence).
INHERITORS = {
    "景德镇手工制瓷技艺": [
        {"name": "【演示】余长青", "level": "国家级"},
        {"name": "【演示】程秀兰", "level": "省级"},
        {"name": "【演示】冯志远", "level": "市级"},
    ],
    "浮梁茶艺": [
        {"name": "【演示】汪雨晴", "level": "省级"},
        {"name": "【演示】胡明德", "level": "市级"},
    ],
    "青白瓷烧制技艺": [
        {"name": "【演示】舒宏", "level": "省级"},
        {"name": "【演示】王慧", "level": "市级"},
    ],
    "景德镇传统瓷窑作营造技艺": [
        {"name": "【演示】徐建华", "level": "国家级"},
        {"name": "【演示】刘根生", "level": "市级"},
    ],
}
SKILLED_HOLDERS = {
    "高岭土开采技艺": [
        {"name": "【演示】李水根", "years": 32, "evidence": "高岭村老矿工，参与淘洗池修复"},
        {"name": "【演示】吴冬生", "years": 27, "evidence": "掌握制不子全套工序"},
        {"name": "【演示】陈桂英", "years": 21, "evidence": "负责淘洗工序，带徒五名"},
        {"name": "【演示】黄有福", "years": 18, "evidence": "水碓维护与瓷土粉碎"},
    ],
}
SENIOR_STAFF = [
    {"name": "【演示】周文博", "title": "研究员", "field": "陶瓷考古"},
    {"name": "【演示】郑雅琴", "title": "副研究员", "field": "古陶瓷科技"},
    {"name": "【演示】孙立", "title": "副教授", "field": "陶瓷美术史"},
    {"name": "【演示】赵启明", "title": "高级工艺美术师", "field": "青白瓷复原"},
]
