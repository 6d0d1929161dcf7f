import datetime

import pytest

from applications.measures.text import MeasuresFormatError, parse_measures

MINIMAL = """# 试行办法（试行）

文号：景文旅字〔2030〕7号
发布机关：景德镇市文化广电新闻出版旅游局
印发日期：2030年3月2日

## 第一章 总则

第一条 第一条的正文。
（一）第一项；
（二）第二项。

## 第二章 附则

第二条 本办法试行期三年，自印发之日起施行。
"""


# Messages are in the site's default language, Simplified Chinese.


def parse(text: str):
    return parse_measures(text.encode("utf-8"))


def error_of(text) -> MeasuresFormatError:
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    with pytest.raises(MeasuresFormatError) as info:
        parse_measures(data)
    return info.value


def test_the_2020_measures_have_43_articles_in_four_chapters(measures_2020_bytes):
    parsed = parse_measures(measures_2020_bytes)
    assert parsed.title == "国家级景德镇陶瓷文化生态保护实验区管理办法（试行）"
    assert parsed.document_number == "景文旅字〔2020〕152号"
    assert parsed.issuing_body == "景德镇市文化广电新闻出版旅游局"
    assert parsed.issue_date == datetime.date(2020, 12, 18)
    # 第四十三条: 自印发之日起施行; 试行期二年.
    assert parsed.effective_date == datetime.date(2020, 12, 18)
    assert parsed.trial_years == 2
    assert [(c.number, c.title) for c in parsed.chapters] == [
        (1, "总则"),
        (2, "申报与设立"),
        (3, "建设与管理"),
        (4, "附则"),
    ]
    assert [a.number for a in parsed.articles] == list(range(1, 44))
    assert [len(c.articles) for c in parsed.chapters] == [4, 14, 20, 5]


def test_items_stay_with_their_article(measures_2020_bytes):
    article_5 = parse_measures(measures_2020_bytes).articles[4]
    assert len(article_5.paragraphs) == 10
    assert article_5.paragraphs[-1].startswith("（九）在区域内已实行文化生态区域性整体保护两年以上")


def test_article_12_text(measures_2020_bytes):
    article_12 = parse_measures(measures_2020_bytes).articles[11]
    assert article_12.text.startswith("市文旅局将文化生态保护区备选名单")
    assert "公示期为二十个工作日" in article_12.text


def test_explicit_metadata_lines_and_windows_line_endings():
    parsed = parse("\ufeff" + MINIMAL.replace("\n", "\r\n"))
    assert parsed.document_number == "景文旅字〔2030〕7号"
    assert parsed.issue_date == datetime.date(2030, 3, 2)
    assert parsed.effective_date == datetime.date(2030, 3, 2)
    assert parsed.trial_years == 3
    assert parsed.articles[0].paragraphs == ["第一条的正文。", "（一）第一项；", "（二）第二项。"]


def test_effective_date_from_a_stated_date():
    text = MINIMAL.replace("自印发之日起施行", "自2030年5月1日起施行")
    assert parse(text).effective_date == datetime.date(2030, 5, 1)


def test_not_a_trial():
    text = MINIMAL.replace("本办法试行期三年，", "本办法")
    assert parse(text).trial_years is None


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (MINIMAL.replace("第二条 本办法", "第三条 本办法"), 15, "此处应为第 2 条，实为第 3 条"),
        (MINIMAL.replace("## 第二章 附则", "## 第三章 附则"), 13, "此处应为第 2 章，实为第 3 章"),
        (MINIMAL.replace("## 第一章 总则\n", ""), 8, "条文出现在第一章标题之前"),
        (MINIMAL.replace("# 试行办法（试行）", "试行办法"), 1, "文件须以标题开头"),
        (MINIMAL.replace("## 第二章 附则", "### 第二章 附则"), 13, "无法识别的标题"),
        (MINIMAL + "\n## 第三章 空章\n", 17, "该章没有条文"),
        (MINIMAL.replace("第一条 第一条的正文。\n", ""), 9, "章标题与该章第一条之间有多余文字"),
        (MINIMAL.replace("## 第二章 附则", "## 第二章 附则\n说明"), 14, "章标题与该章第一条之间"),
        (MINIMAL.replace("文号：景文旅字〔2030〕7号\n", ""), 2, "前言未写明文号"),
        (MINIMAL.replace("印发日期：2030年3月2日", "印发日期：2030年2月30日"), 5, "不是有效日期"),
        (MINIMAL.replace("自印发之日起施行", "施行"), 1, "未写明施行日期"),
    ],
)
def test_malformed_files_name_the_line(text, line, words):
    error = error_of(text)
    assert error.line == line
    assert words in error.problem
    assert str(error).startswith(f"第 {line} 行：")


def test_not_utf8_names_the_line():
    data = MINIMAL.encode("utf-8").replace("第二条".encode(), "第二条".encode("gb18030"))
    error = error_of(data)
    assert error.line == 15
    assert error.problem == "文件不是 UTF-8 编码的文本"


def test_empty_file():
    assert error_of("\n\n").problem == "文件为空"
