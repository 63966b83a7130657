package l10n

// catalog holds every fixed word of every output, keyed by namespace and
// name ("report.title"), with its English and Chinese side by side. A
// format's arguments are the same in both languages: an argument one
// language leaves out needs explicit indexes (%[1]s) in that language, so
// that fmt does not report it as extra. TestTexts and TestVerbs check the
// entries; TestUsage checks them against the code that uses them.
var catalog = map[string]Text{
	// report
	"report.title": {
		EN: "Monthly business situation analysis and outlook",
		ZH: "月度经营情况分析及展望报告",
	},
	"report.subtitle": {
		EN: "%s · %s · FY%d, month %d of 12",
		ZH: "%s · %s · FY%d 第 %d 个月",
	},
	"report.incomplete": {
		EN: "This report is incomplete",
		ZH: "本报告数据不完整",
	},
	"report.missing": {
		EN: "No data for the month from: %s.",
		ZH: "以下来源缺少本月数据：%s。",
	},
	"report.rejected": {
		EN: "Rejected cells touch figures from: %s (coo rejects lists them).",
		ZH: "以下来源的被拒绝单元格涉及报告数字：%s（coo rejects 可列出）。",
	},
	"report.defects.intro": {
		EN: "Figures marked [n] depend on input that is not complete or not credible; note n names the workbook and cell.",
		ZH: "标有 [n] 的数字所依据的数据不完整或不可信；注 n 列出相应的工作簿和单元格。",
	},
	"report.defect.rejected": {
		EN: "cell set aside (%s): %s",
		ZH: "单元格被剔除（%s）：%s",
	},
	"report.defect.refused": {
		EN: "workbook refused whole (%s): %s; its months are not known, so every month of its source (%s) counts",
		ZH: "整个工作簿被拒绝（%s）：%s；其月份未知，因此 %s 的每个月都受影响",
	},
	"report.defect.missing": {
		EN: "required source %s sent no data for %s",
		ZH: "必需来源 %s 缺少 %s 的数据",
	},
	"report.defect.absent": { // members, measure, month (coo.Absent)
		EN: "%[1]s had a value of %[2]s in each of the six months before %[3]s and none in it: not sent, or gone? Send it again, with 0 where it is zero",
		ZH: "%[1]s 在 %[3]s 之前连续六个月均有 %[2]s 数值，%[3]s 没有：未报送还是已撤销？请补报，为零请填 0",
	},
	"report.defect.missingall": {
		EN: "required source %s has sent no data at all",
		ZH: "必需来源 %s 尚无任何数据",
	},
	"report.defect.restated": {
		EN: "restated: it replaced %s after the last published report, changing source %s",
		ZH: "已重述：在上次发布报告之后替换了 %s，改变了来源 %s 的数据",
	},
	"report.defect.resent": {
		EN: "restated: sent again after the last published report, changing source %s",
		ZH: "已重述：在上次发布报告之后重新提交，改变了来源 %s 的数据",
	},
	"report.defect.months": {
		EN: " (months %s)",
		ZH: "（月份：%s）",
	},
	"report.defect.card": {
		EN: "Incomplete input: note %s",
		ZH: "数据不完整：见注 %s",
	},
	"report.defect.suspectcard": {
		EN: "Suspected error in the data: note %s; not graded",
		ZH: "数据疑似有误：见注 %s；不作评价",
	},
	"report.defect.flagged": {
		EN: "Incomplete input",
		ZH: "数据不完整",
	},
	"report.defect.caption": {
		EN: " Shaded months: incomplete input (note %s).",
		ZH: "阴影月份：数据不完整（注 %s）。",
	},
	"report.h.defects": {
		EN: "Input behind the figures that is not complete",
		ZH: "报告数字所依据的不完整数据",
	},
	"report.defects.head": {
		EN: "Note|Workbook and cell|What|Figures",
		ZH: "注|工作簿和单元格|问题|涉及数字",
	},
	"report.h.summary": {
		EN: "Summary",
		ZH: "摘要",
	},
	"report.h.risks": {
		EN: "Risks and things to check",
		ZH: "风险与待核实事项",
	},
	"report.card.budget": {
		EN: "%s of budget",
		ZH: "完成预算 %s",
	},
	"report.card.mom": {
		EN: "%s on last month",
		ZH: "环比 %s",
	},
	"report.card.yoy": {
		EN: "%s on last year",
		ZH: "同比 %s",
	},
	"report.card.outlook": {
		EN: "FY%d outlook %s",
		ZH: "FY%d 全年预测 %s",
	},
	"report.card.anomaly": {
		EN: "※ outside the forecast range",
		ZH: "※ 超出预测区间",
	},
	"report.h.figures": {
		EN: "Key figures",
		ZH: "关键指标",
	},
	"report.kpi.month": {
		EN: "The month: %s",
		ZH: "本月：%s",
	},
	"report.kpi.head": {
		EN: "Figure|Month|MoM|YoY|Budget|Variance|Attainment",
		ZH: "指标|本月|环比|同比|预算|差额|完成率",
	},
	"report.kpi.year": {
		EN: "The fiscal year: FY%d",
		ZH: "本财年：FY%d",
	},
	"report.kpi.yhead": {
		EN: "Figure|Year to date|YTD vs LY|Rolling 12 m|FY outlook|95% range|vs FY budget",
		ZH: "指标|本年累计|累计同比|滚动 12 个月|全年预测|95% 区间|占全年预算",
	},
	"report.kpi.notes": {
		EN: "Year to date is FY%d so far: the sum of the months for a flow, the latest month for a stock. Rolling 12 m: the last 12 months' sum (a stock: their average). ※: outside the 95%% range of the forecast made a month earlier.",
		ZH: "本年累计为 FY%d 至今：流量指标为各月之和，存量指标为最新月份。滚动 12 个月：最近 12 个月之和（存量指标为平均）。※：超出上月预测的 95%% 区间。",
	},
	"report.h.outlook": {
		EN: "Outlook",
		ZH: "展望",
	},
	"report.outlook.intro": {
		EN: "Each chart shows three years of history, the forecast with its 80% and 95% ranges, and the budget where there is one. The fiscal-year outlook adds the forecast of the months left to the actual year to date.",
		ZH: "每张图显示三年历史、预测及其 80% 和 95% 区间，以及预算（如有）。全年预测为本年累计实际加上剩余月份的预测。",
	},
	"report.fan.caption": {
		EN: "%s: history and forecast (80%% and 95%% ranges)",
		ZH: "%s：历史与预测（80%% 与 95%% 区间）",
	},
	"report.fan.captionbudget": {
		EN: "%s: history, forecast (80%% and 95%% ranges) and budget",
		ZH: "%s：历史、预测（80%% 与 95%% 区间）和预算",
	},
	"report.nofc": {
		EN: "No forecast: %s",
		ZH: "无预测：%s",
	},
	"report.fc.method": {
		EN: "Forecast: %s.",
		ZH: "预测：%s。",
	},
	"report.fc.warnother": {
		EN: "Read this forecast with care:",
		ZH: "请谨慎参考该预测：",
	},
	"report.fc.warn": {
		EN: "This forecast did worse than seasonal naive in backtest: read it with care.",
		ZH: "该预测在回测中不如季节性朴素法，请谨慎参考。",
	},
	"report.fc.defects": {
		EN: "Forecast from a history with incomplete or suspect months (note %s): it reads them as they stand until they are corrected.",
		ZH: "预测所依据的历史含不完整或存疑的月份（注 %s）：更正之前按现有数据计算。",
	},
	"report.fc.head": {
		EN: "Month|Forecast|80% range|95% range",
		ZH: "月份|预测|80% 区间|95% 区间",
	},
	"report.h.drivers": {
		EN: "What drove the change",
		ZH: "变化的驱动因素",
	},
	"report.h.compare": {
		EN: "Against budget and last year",
		ZH: "与预算和上年对比",
	},
	"report.compare.yoy": {
		EN: "%s by month: this fiscal year and last",
		ZH: "%s 按月：本财年与上财年",
	},
	"report.compare.budget": {
		EN: "%s by month: this fiscal year, last year and budget",
		ZH: "%s 按月：本财年、上财年与预算",
	},
	"report.budget": {
		EN: "Budget",
		ZH: "预算",
	},
	"report.months": {
		EN: "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
		ZH: "1月 2月 3月 4月 5月 6月 7月 8月 9月 10月 11月 12月",
	},
	"report.drivers.title": {
		EN: "%s: change on %s",
		ZH: "%s：相对 %s 的变化",
	},
	"report.drivers.caption": {
		EN: "%s: from %s to %s, by member",
		ZH: "%s：从 %s 到 %s，按成员分解",
	},
	"report.drivers.head": {
		EN: "Member|Then|Now|Change|Share of change",
		ZH: "成员|基期|本期|变化|占变化比例",
	},
	"report.budgetbridge.title": {
		EN: "%s: budget to actual, %s",
		ZH: "%s：%s 从预算到实际",
	},
	"report.budgetbridge.caption": {
		EN: "%s in %s: from the budget to the actual, by member (each step is the member's actual less its budget)",
		ZH: "%s（%s）：从预算到实际，按成员分解（每一步为该成员的实际减预算）",
	},
	"report.budgetbridge.actual": {
		EN: "Actual",
		ZH: "实际",
	},
	"report.budgetbridge.other": {
		EN: "Not by member",
		ZH: "未分摊",
	},
	"report.drivers.unmatched": { // members in one of the two months only (render.lastYearBridge): the parts below
		EN: "Not graded: %s (a member renamed, or not sent?).",
		ZH: "未评级：%s（成员改名或未报送？）。",
	},
	"report.sep": { // between the parts of a note
		EN: "; ",
		ZH: "；",
	},
	"report.drivers.gone": { // a member with a value in the base month only
		EN: "%s had a value in %s and has none now",
		ZH: "%s 在 %s 有数值而本月没有",
	},
	"report.drivers.came": { // a member with a value in the report's month only
		EN: "%s has a value now and had none in %s",
		ZH: "%s 本月有数值而 %s 没有",
	},
	"report.budgetbridge.unmatched": { // members with a budget and no actual, or the other way round (render.budgetBridge)
		EN: "Not graded: %s has a budget but no actual this month, %s an actual but no budget (a member renamed, or not sent?).",
		ZH: "未评级：%s 本月有预算但无实际，%s 有实际但无预算（成员改名或未报送？）。",
	},
	"report.budgetbridge.othernote": {
		EN: "Not by member: the part of the total's variance that no member's budget and actual explain.",
		ZH: "未分摊：总差异中无法由各成员预算与实际解释的部分。",
	},
	"report.budgetbridge.head": {
		EN: "Member|Budget|Actual|Variance|Attainment",
		ZH: "成员|预算|实际|差异|完成率",
	},
	"report.budgetbridge.nobreakdown": {
		EN: "%s: the budget is not broken down by %s, so there is no bridge from budget to actual by member.",
		ZH: "%s：预算未按 %s 分解，因此没有按成员从预算到实际的桥图。",
	},
	"report.total": {
		EN: "Total",
		ZH: "合计",
	},
	"report.pvm.title": {
		EN: "%s: price, volume and mix against %s",
		ZH: "%s：相对 %s 的价格、销量与结构",
	},
	"report.pvm.caption": {
		EN: "%s from %s to %s: volume (all units at the base's average price), mix (the shift between members, at their base prices) and price (each member's price change, on this month's units)",
		ZH: "%s：从 %s 到 %s，分解为销量（全部销量按基期平均价）、结构（成员间的此消彼长，按各自基期价格）与价格（各成员的价格变化，按本月销量）",
	},
	"report.pvm.volume": {
		EN: "Volume",
		ZH: "销量",
	},
	"report.pvm.mix": {
		EN: "Mix",
		ZH: "结构",
	},
	"report.pvm.price": {
		EN: "Price",
		ZH: "价格",
	},
	"report.pvm.table": {
		EN: "Units and price, %s → %s (price in %s)",
		ZH: "销量与价格，%s → %s（价格单位：%s）",
	},
	"report.pvm.head": {
		EN: "Member|Units|Price|Mix|Price effect",
		ZH: "成员|销量|价格|结构影响|价格影响",
	},
	"report.pvm.notes": {
		EN: "The volume effect, %s, belongs to all units together; the members' mix and price effects add up to the totals.",
		ZH: "销量影响（%s）属于全部销量；各成员的结构影响与价格影响相加即为合计。",
	},
	"report.pvm.nounitsbudget": {
		EN: "%s against budget: there is no units budget (price_volume.units_budget), so no price, volume and mix bridge.",
		ZH: "%s相对预算：没有销量预算（price_volume.units_budget），因此没有价格、销量与结构桥图。",
	},
	"report.pvm.nobreakdown": {
		EN: "%s against budget: the budget is not broken down by %s, so no price, volume and mix bridge.",
		ZH: "%s相对预算：预算未按 %s 分解，因此没有价格、销量与结构桥图。",
	},
	"report.pvm.nobase": {
		EN: "%s against %s: no units or revenue for that month, so no price, volume and mix bridge.",
		ZH: "%s相对 %s：该月没有销量或收入，因此没有价格、销量与结构桥图。",
	},
	"report.pvm.nounits": {
		EN: "%s against %s: a member has revenue without units, so it has no price and there is no price, volume and mix bridge.",
		ZH: "%s相对 %s：有成员有收入而无销量，无法计算其价格，因此没有价格、销量与结构桥图。",
	},
	"report.pvm.members": {
		EN: "%s against %s: the members' revenue or units do not add up to the total, so no price, volume and mix bridge.",
		ZH: "%s相对 %s：各成员的收入或销量之和与总数不符，因此没有价格、销量与结构桥图。",
	},
	"report.h.dept": {
		EN: "Department review: %s",
		ZH: "部门评述：%s",
	},
	"report.ratio.head": {
		EN: "Ratio|Month|Last month|Last year|Rolling 12 m",
		ZH: "比率|本月|上月|去年同期|滚动 12 个月",
	},
	"report.ratio.notes": {
		EN: "Month, last month and last year are monthly figures. Rolling 12 m divides the 12 months' sums (a stock's average); marked (annual), it sums a year of a flow over a level, such as leavers over headcount, so it is a yearly figure.",
		ZH: "本月、上月、去年同期为月度数字。滚动 12 个月为 12 个月之和相除（存量指标用平均）；标“（全年）”者为一年的流量除以存量（如离职人数除以人数），是年度数字。",
	},
	"report.ratio.annual": {
		EN: " (annual)",
		ZH: "（全年）",
	},
	"report.dept.chart": {
		EN: "%s: three years",
		ZH: "%s：三年走势",
	},
	"report.dept.caption": {
		EN: "%s: figures and ratios to %s, with forecasts",
		ZH: "%s：截至 %s 的指标和比率及预测",
	},
	"report.h.quality": {
		EN: "Data behind this report",
		ZH: "本报告的数据",
	},
	"report.q.head": {
		EN: "Source|Required|Facts|Rejected cells|Latest month|Loaded|Files",
		ZH: "来源|必需|数据条数|被拒绝单元格|最新月份|载入时间|文件",
	},
	"report.q.notes": {
		EN: "Facts: values loaded for the month. Rejected cells: cells set aside in the files that supplied the month (coo rejects lists them).",
		ZH: "数据条数：本月载入的数值。被拒绝单元格：提供本月数据的文件中被剔除的单元格（coo rejects 可列出）。",
	},
	"report.q.refused": {
		EN: "(refused: %s)",
		ZH: "（被拒绝：%s）",
	},
	"report.q.late": {
		EN: "(late)",
		ZH: "（迟交）",
	},
	"report.q.anomalies": {
		EN: "Anomalies: actuals outside the range forecast a month earlier",
		ZH: "异常：实际值超出上月预测区间",
	},
	"report.q.anomaly": {
		EN: "%s %s; expected %s (95%%: %s–%s)",
		ZH: "%s %s；预期 %s（95%%：%s–%s）",
	},
	"report.h.setaside": {
		EN: "Values set aside for forecasting",
		ZH: "预测时搁置的数值",
	},
	"report.setaside.intro": {
		EN: "Each value below lies far outside the rest of its series, as a unit slip or a one-off would. The data are unchanged: the forecast was fitted with the expected value in its place. Check the cell named; if the value is right, it will be used again once the series confirms it.",
		ZH: "下列数值远离其序列的其余部分，可能是单位录入错误或一次性事项。数据本身未改动：预测拟合时以预期值代替。请核对所列单元格；若数值无误，待序列证实后将重新采用。",
	},
	"report.setaside.head": {
		EN: "Figure|Month|Value|Expected|Workbook!sheet!cell",
		ZH: "指标|月份|数值|预期值|工作簿!工作表!单元格",
	},
	"report.setaside.nocell": {
		EN: "not known",
		ZH: "未知",
	},
	"report.range.card": {
		EN: "‡ outside the history's range: check the data",
		ZH: "‡ 超出历史范围：请核对数据",
	},
	"report.range.title": {
		EN: "Outside the history's range: check the data",
		ZH: "超出历史范围：请核对数据",
	},
	"report.range.text": {
		EN: "The forecast or the fiscal-year outlook reaches beyond 3 times the largest month of the history (leaving out the months set aside and this month): a value in the data is probably wrong, and these figures should not be read as they stand.",
		ZH: "预测或全年展望超过历史最大月度值（不含搁置的月份和本月）的 3 倍：数据中很可能有错误的数值，以下数字不宜直接采用。",
	},
	"report.range.note": {
		EN: "‡ %s: outside the history's range (beyond 3 times its largest month): check the data",
		ZH: "‡ %s：超出历史范围（超过历史最大月度值的 3 倍）：请核对数据",
	},
	"report.yes": {
		EN: "yes",
		ZH: "是",
	},
	"report.no": {
		EN: "no",
		ZH: "否",
	},
	"report.h.method": {
		EN: "How the figures are made",
		ZH: "数字的计算方法",
	},
	"report.method": {
		EN: "MoM and YoY compare the month with the month before and the same month a year earlier.\n" +
			"Attainment is actual over budget; for costs, below 100% is good.\n" +
			"Forecasts are coo's auto method: for monthly figures the mean of exponential smoothing (ETS), Theta, optimised Theta, simple exponential smoothing and ARIMA, each checked by rolling-origin backtests against seasonal naive; the ranges are widened by how the forecasts did in backtest.\n" +
			"A count that is mostly zeros or small numbers (hires, defects, complaints) is forecast by Croston's method, SBA or TSB instead when one of them did better in that backtest; the appendix names each figure's method.\n" +
			"A figure that is a sum is forecast coherently with its breakdowns: the total's forecast and its members' (by region, unit and so on) are reconciled (MinT) so that the members' forecasts add up to the total's in every month; averages and ratios are not reconciled.\n" +
			"The fiscal-year range adds the months' ranges, which is wide when the months' errors are independent.\n" +
			"Forecasts of figures that have never been negative (counts, amounts, headcount) are cut at zero.",
		ZH: "环比、同比分别与上月和去年同月比较。\n" +
			"完成率为实际除以预算；成本类指标低于 100% 为好。\n" +
			"预测采用 coo 的 auto 方法：月度指标取指数平滑（ETS）、Theta、优化 Theta、简单指数平滑与 ARIMA 的平均，并以滚动原点回测与季节性朴素法比较；区间按回测表现放宽。\n" +
			"以零或小数目为主的计数（入职、缺陷、投诉）在回测中若 Croston、SBA 或 TSB 方法更好，则改用该方法；附录列出每项指标所用的方法。\n" +
			"求和类指标与其分解一并预测：总数与各成员（按区域、部门等）的预测经 MinT 调和，使各成员预测之和在每个月都等于总数的预测；平均值与比率不作调和。\n" +
			"全年区间为各月区间相加，在各月误差独立时偏宽。\n" +
			"从未为负的指标（数量、金额、人数）的预测及区间下限不低于零。",
	},

	// study
	"study.title": {
		EN: "Study of %s",
		ZH: "%s 的研究",
	},
	"study.subtitle": {
		EN: "%s · %s to %s · %d months",
		ZH: "%s · %s 至 %s · %d 个月",
	},
	"study.h.answer": {
		EN: "Question and answer",
		ZH: "问题与回答",
	},
	"study.h.question": {
		EN: "Question",
		ZH: "问题",
	},
	"study.h.short": {
		EN: "Answer",
		ZH: "回答",
	},
	"study.actual": {
		EN: "Actual",
		ZH: "实际",
	},
	"study.fitted": {
		EN: "Fitted",
		ZH: "拟合",
	},
	"study.fit.title": {
		EN: "%s: actual and fitted",
		ZH: "%s：实际与拟合",
	},
	"study.fit.caption": {
		EN: "Actual and fitted values over the months of the fit; a gap is a month left out for missing data.",
		ZH: "拟合所用各月的实际值与拟合值；断开处为因缺数据而剔除的月份。",
	},
	"study.fit.log": {
		EN: "The target is fitted in logs: the fitted line is exp of the fit (the median).",
		ZH: "目标取对数拟合：拟合线为拟合值的指数（中位数）。",
	},
	"study.h.model": {
		EN: "The model",
		ZH: "模型",
	},
	"study.coef.caption": {
		EN: "Coefficients: %d months, %s to %s",
		ZH: "系数：%d 个月，%s 至 %s",
	},
	"study.coef.head": {
		EN: "Term|Estimate|Std error|t|p|95% lower|95% upper",
		ZH: "项|估计值|标准误|t|p|95% 下限|95% 上限",
	},
	"study.coef.notes": {
		EN: "log(x) is the natural log; x[t-1] is the value of the month before. month=m is 1 in calendar month m; trend counts the months of the span. p in bold: below 0.05.",
		ZH: "log(x) 为自然对数；x[t-1] 为上月的值。month=m 在日历月 m 为 1；trend 为区间内的月序。p 加粗：低于 0.05。",
	},
	"study.fit.stats": {
		EN: "Fit",
		ZH: "拟合",
	},
	"study.stat.head": {
		EN: "Statistic|Value",
		ZH: "统计量|值",
	},
	"study.adjr2": {
		EN: "Adjusted R²",
		ZH: "调整 R²",
	},
	"study.f": {
		EN: "%s on %d and %d df, p = %s",
		ZH: "%s，自由度 %d 和 %d，p = %s",
	},
	"study.sigma": {
		EN: "Residual std error",
		ZH: "残差标准误",
	},
	"study.ondf": {
		EN: "%s on %d df",
		ZH: "%s，自由度 %d",
	},
	"study.cond": {
		EN: "Condition number",
		ZH: "条件数",
	},
	"study.h.diag": {
		EN: "Diagnostics",
		ZH: "诊断",
	},
	"study.diag.head": {
		EN: "Check|Statistic|p",
		ZH: "检验|统计量|p",
	},
	"study.lb": {
		EN: "Ljung–Box (lag %d)",
		ZH: "Ljung–Box（滞后 %d）",
	},
	"study.diag.notes": {
		EN: "Durbin–Watson near 2: no autocorrelation of the residuals. Ljung–Box: autocorrelation up to the lag; Jarque–Bera: normality; Breusch–Pagan: constant variance. A small p (amber, below 0.05) means the check fails.",
		ZH: "Durbin–Watson 接近 2：残差无自相关。Ljung–Box：直至该滞后的自相关；Jarque–Bera：正态性；Breusch–Pagan：方差齐性。p 较小（琥珀色，低于 0.05）表示检验未通过。",
	},
	"study.vif.caption": {
		EN: "Variance inflation",
		ZH: "方差膨胀因子",
	},
	"study.vif.head": {
		EN: "Term|VIF",
		ZH: "项|VIF",
	},
	"study.vif.notes": {
		EN: "Above 10 (amber): the term is nearly a combination of the others, and its coefficient is uncertain.",
		ZH: "高于 10（琥珀色）：该项近似为其他项的组合，其系数不确定。",
	},
	"study.nowarn": {
		EN: "No warnings: every check passes.",
		ZH: "无警告：各项检验均通过。",
	},
	"study.warn": {
		EN: "Warnings",
		ZH: "警告",
	},
	"study.res.title": {
		EN: "Residuals by month",
		ZH: "各月残差",
	},
	"study.res.name": {
		EN: "Residual",
		ZH: "残差",
	},
	"study.res.caption": {
		EN: "Residuals (actual minus fitted) by month, in the target's units.",
		ZH: "各月残差（实际减拟合），单位同目标。",
	},
	"study.res.caption.log": {
		EN: "Residuals by month, as the actual's difference from the fitted value in percent (the target is fitted in logs).",
		ZH: "各月残差，为实际值相对拟合值的百分比差异（目标取对数拟合）。",
	},
	"study.h.scen": {
		EN: "Scenarios",
		ZH: "情景",
	},
	"study.scenario": {
		EN: "Scenario",
		ZH: "情景",
	},
	"study.month": {
		EN: "Month",
		ZH: "月份",
	},
	"study.h.sens": {
		EN: "Sensitivity",
		ZH: "敏感性",
	},
	"study.driver": {
		EN: "Driver",
		ZH: "驱动因素",
	},
	"study.h.bt": {
		EN: "Backtest and data",
		ZH: "回测与数据",
	},
	"study.bt.none": {
		EN: "No backtest",
		ZH: "无回测",
	},
	"study.bt.head": {
		EN: "Month|Actual|Regression|Baseline|Baseline method",
		ZH: "月份|实际|回归|基线|基线方法",
	},
	"study.bt.notes": {
		EN: "Each month is forecast %d month(s) ahead from the months before it: the regression refitted and given the drivers' actual values, the baseline by coo's auto method on the target alone.",
		ZH: "每个月都用其之前的月份提前 %d 个月预测：回归重新拟合并使用驱动因素的实际值，基线为 coo 的 auto 方法，仅用目标自身。",
	},
	"study.h.data": {
		EN: "Data",
		ZH: "数据",
	},
	"study.data.span": {
		EN: "The design spans %s to %s; %d months are used.",
		ZH: "设计区间为 %s 至 %s；使用 %d 个月。",
	},
	"study.data.nogap": {
		EN: "No month was left out for missing data.",
		ZH: "没有因缺数据而剔除的月份。",
	},
	"study.gap.caption": {
		EN: "Months left out for missing data",
		ZH: "因缺数据而剔除的月份",
	},
	"study.gap.head": {
		EN: "Month|Missing",
		ZH: "月份|缺少",
	},
	"study.gap.notes": {
		EN: "Missing values are never filled: the month is left out of the fit.",
		ZH: "缺失值从不填补：该月不参与拟合。",
	},
	"study.src.caption": {
		EN: "Sources behind the study",
		ZH: "研究所用的数据来源",
	},
	"study.src.head": {
		EN: "Source|Series|Rejected cells|Months with rejected cells",
		ZH: "来源|序列|被拒绝单元格|含被拒绝单元格的月份",
	},
	"study.src.notes": {
		EN: "Rejected cells: cells set aside in the files that supplied the months the study reads (coo rejects lists them). A rejected cell is missing from its month's total.",
		ZH: "被拒绝单元格：研究所读月份的文件中被剔除的单元格（coo rejects 可列出）。被拒绝的单元格不计入该月合计。",
	},
	"study.src.refused": {
		EN: "(refused: %s)",
		ZH: "（被拒绝：%s）",
	},
	"study.src.warn": {
		EN: "Rejected cells touch the study's data from: %s. Check them with coo rejects.",
		ZH: "以下来源的被拒绝单元格涉及研究数据：%s。请用 coo rejects 核实。",
	},
	"study.h.method": {
		EN: "How the study is made",
		ZH: "研究方法",
	},

	// narrative
	"narrative.in": {
		EN: "%s %s in %s",
		ZH: "%[1]s %[3]s 为 %[2]s",
	},
	"narrative.mom": {
		EN: "%s on %s",
		ZH: "环比 %[1]s",
	},
	"narrative.yoy": {
		EN: "%s on %s",
		ZH: "同比 %[1]s",
	},
	"narrative.of budget": {
		EN: "%s of budget",
		ZH: "完成预算 %s",
	},
	"narrative.outlook": {
		EN: "FY%d outlook %s (%s–%s)",
		ZH: "FY%d 全年预测 %s（%s–%s）",
	},
	"narrative.vsbudget": {
		EN: "%s of the year's budget",
		ZH: "为全年预算的 %s",
	},
	"narrative.worse": {
		EN: "%s: this forecast did worse than seasonal naive in backtest: read it with care",
		ZH: "%s：该预测在回测中不如季节性朴素法，请谨慎参考",
	},
	"narrative.anomaly": {
		EN: "%s %s in %s is outside the 95%% range forecast a month earlier (%s–%s)",
		ZH: "%s %[3]s 为 %[2]s，超出上月预测的 95%% 区间（%[4]s–%[5]s）",
	},
	"narrative.below": {
		EN: "%s is at %s of budget for the month",
		ZH: "%s 本月仅完成预算的 %s",
	},
	"narrative.over": {
		EN: "%s is at %s of budget for the month",
		ZH: "%s 本月为预算的 %s",
	},
	"narrative.fybelow": {
		EN: "%s: the FY%d outlook is %s of the year's budget; even the top of its 95%% range (%s) is below it",
		ZH: "%s：FY%d 全年预测为预算的 %s，95%% 区间上限（%s）仍低于预算",
	},
	"narrative.fyover": {
		EN: "%s: the FY%d outlook is %s of the year's budget; even the bottom of its 95%% range (%s) is above it",
		ZH: "%s：FY%d 全年预测为预算的 %s，95%% 区间下限（%s）仍高于预算",
	},
	"narrative.fell": {
		EN: "%s fell %s on %s",
		ZH: "%s 同比下降 %s（对比 %s）",
	},
	"narrative.rose": {
		EN: "%s rose %s on %s",
		ZH: "%s 同比增长 %s（对比 %s）",
	},
	"narrative.missing": {
		EN: "No data for %s from: %s",
		ZH: "%s 缺少以下来源的数据：%s",
	},
	"narrative.rejected": {
		EN: "Rejected cells in the files for %s from: %s",
		ZH: "%s 以下来源的文件中有被拒绝的单元格：%s",
	},
	"narrative.late": {
		EN: "Data for %s were due by %s and arrived later from: %s",
		ZH: "%s 的数据应于 %s 前提交，以下来源迟交：%s",
	},
	"narrative.nofc": {
		EN: "%s: no forecast (%s)",
		ZH: "%s：无预测（%s）",
	},
	"narrative.driver": {
		EN: "%s: %s contributed most to the change on %s (%s)",
		ZH: "%s：%s 对%s变化的贡献最大（%s）",
	},
	"narrative.comma": { // between the parts of a sentence
		EN: ", ",
		ZH: "，",
	},
	"narrative.sep": {
		EN: "; ",
		ZH: "；",
	},
	"narrative.end": {
		EN: ".",
		ZH: "。",
	},
	"narrative.then": { // ends a sentence that another follows
		EN: ". ",
		ZH: "。", // Chinese puts no space after 。
	},

	// studytext
	"studytext.same": {
		EN: "in the same month",
		ZH: "当月",
	},
	"studytext.next": {
		EN: "a month later",
		ZH: "一个月后",
	},
	"studytext.later": {
		EN: "%d months later",
		ZH: "%d 个月后",
	},
	"studytext.more": {
		EN: "more",
		ZH: "增加",
	},
	"studytext.fewer": {
		EN: "fewer",
		ZH: "减少",
	},
	"studytext.nosig": {
		EN: " This is not distinguishable from no effect at the 5% level.",
		ZH: "该效应在 5% 的水平上与零没有显著差别。",
	},
	"studytext.other": {
		EN: "No effect of %s is distinguishable from none %s (p %s).",
		ZH: "%s %s的效应与零没有显著差别（p %s）。",
	},
	"studytext.also": {
		EN: "There is also an effect of %s %s (p %s).",
		ZH: "%s %s也有效应（p %s）。",
	},
	"studytext.help": { // the backtest's verdict; %[10]s is "s" for several months ahead
		EN: "The drivers add something: over the %[3]d months %[1]s to %[2]s, %[4]d month%[10]s ahead with the drivers' actual values, the regression's MAE is %[5]s against %[7]s for the baseline on %[6]s alone (sMAPE %.1[8]f%% against %.1[9]f%%).",
		ZH: "驱动因素有帮助：在 %[1]s 至 %[2]s 的 %[3]d 个月里（提前 %[4]d 个月，使用驱动因素的实际值），回归的 MAE 为 %[5]s，仅用 %[6]s 自身的基线为 %[7]s（sMAPE %.1[8]f%% 对 %.1[9]f%%）。",
	},
	"studytext.worse": {
		EN: "The drivers do not beat the baseline: over the %[3]d months %[1]s to %[2]s, %[4]d month%[10]s ahead with the drivers' actual values, the regression's MAE is %[5]s against %[7]s for the baseline on %[6]s alone (sMAPE %.1[8]f%% against %.1[9]f%%).",
		ZH: "驱动因素未能胜过基线：在 %[1]s 至 %[2]s 的 %[3]d 个月里（提前 %[4]d 个月，使用驱动因素的实际值），回归的 MAE 为 %[5]s，仅用 %[6]s 自身的基线为 %[7]s（sMAPE %.1[8]f%% 对 %.1[9]f%%）。",
	},
	"studytext.baseline": { // the scenario with the drivers held at their last value
		EN: "baseline",
		ZH: "基线",
	},

	// study: the study's answer in money, its caveats, scenarios as
	// differences from the baseline, the sensitivity by lag (issue 16)
	"studytext.step": {
		EN: "Each extra %[2]s of %[1]s in a month brings about %[3]s %[4]s %[5]s %[6]s (95%%: %[7]s to %[8]s; p %[9]s).",
		ZH: "%[1]s某月每多 %[2]s，%[6]s%[5]s约%[4]s %[3]s（95%%：%[7]s 至 %[8]s；p %[9]s）。",
	},
	"studytext.value.avg": { // %[4]s is the value's label, %[5]s the target's
		EN: "At the average price of %[1]s to %[2]s, %[3]s a unit (%[4]s divided by %[5]s), that is about %[6]s of %[4]s (95%%: %[7]s to %[8]s).",
		ZH: "按 %[1]s 至 %[2]s 的平均价格（每单位 %[3]s，即%[4]s除以%[5]s），约合%[4]s %[6]s（95%%：%[7]s 至 %[8]s）。",
	},
	"studytext.value.given": {
		EN: "At the study's price of %[1]s a unit, that is about %[2]s of %[3]s (95%%: %[4]s to %[5]s).",
		ZH: "按研究给定的单价 %[1]s，约合%[3]s %[2]s（95%%：%[4]s 至 %[5]s）。",
	},
	"studytext.revenue": { // what a price turns the target into, when the study names no metric for it
		EN: "revenue",
		ZH: "收入",
	},
	"studytext.noprice": {
		EN: "To say this in money, the study file needs the metric of what %[1]s bring in (value_metric, e.g. the revenue) or a price per unit (price).",
		ZH: "如需换算为金额，研究文件需指定%[1]s对应的金额指标（value_metric，例如收入）或单价（price）。",
	},
	"studytext.nocost": {
		EN: "Whether it pays back is not worked out: %s is not money, so the study does not know what it costs.",
		ZH: "未计算是否回本：%s不是金额，研究无从得知其成本。",
	},
	"studytext.mixed": {
		EN: "Whether it pays back is not worked out: %[1]s is in %[2]s and the value in %[3]s.",
		ZH: "未计算是否回本：%[1]s以 %[2]s 计，而价值以 %[3]s 计。",
	},
	"studytext.nopayback": {
		EN: "At this estimate the extra %[1]s does not pay back: %[2]s of it brings %[3]s of %[4]s.",
		ZH: "按此估计，多投入的%[1]s无法回本：%[2]s 只带来%[4]s %[3]s。",
	},
	"studytext.payback": {
		EN: "The extra %[4]s pays back when more than %[1]s of that %[2]s is margin (more than %[3]s at the low end of the interval).",
		ZH: "当这部分%[2]s中毛利占比超过 %[1]s 时，多投入的%[4]s即可回本（按区间下限需超过 %[3]s）。",
	},
	"studytext.payback.low": {
		EN: "The extra %[3]s pays back when more than %[1]s of that %[2]s is margin; at the low end of the interval it does not pay back.",
		ZH: "当这部分%[2]s中毛利占比超过 %[1]s 时，多投入的%[3]s即可回本；按区间下限则无法回本。",
	},
	"studytext.pct2": {
		EN: "In percent: 10%% more %[1]s in one month adds %[2]s to %[3]s %[4]s; 10%% more kept up every month adds %[5]s (95%%: %[6]s to %[7]s), its lags together. The sensitivity table has both.",
		ZH: "按百分比：%[1]s某月增加 10%%，%[4]s%[3]s变化 %[2]s；每月都增加 10%%（各滞后合计），%[3]s变化 %[5]s（95%%：%[6]s 至 %[7]s）。敏感性表列出两者。",
	},
	"studytext.pct1": {
		EN: "In percent: 10%% more %[1]s adds %[2]s to %[3]s %[4]s, as in the sensitivity table.",
		ZH: "按百分比：%[1]s增加 10%%，%[4]s%[3]s变化 %[2]s（见敏感性表）。",
	},
	"studytext.levels": {
		EN: "These figures are at the levels of %[1]s to %[2]s, a month on average: %[3]s.",
		ZH: "以上数字按 %[1]s 至 %[2]s 的月均水平计算：%[3]s。",
	},
	"studytext.and": { // between the items of a list
		EN: " and ",
		ZH: "、",
	},
	"studytext.amount": { // an amount of money of a series: "1.24 M CNY of marketing spend"
		EN: "%[1]s of %[2]s",
		ZH: "%[2]s %[1]s",
	},
	"studytext.count": { // an amount of a series that is not money: "11,500 units sold"
		EN: "%[1]s %[2]s",
		ZH: "%[2]s %[1]s",
	},
	"studytext.caveats": {
		EN: "Read this with care: %s.",
		ZH: "请谨慎解读：%s。",
	},
	"studytext.sep": { // between the caveats
		EN: "; ",
		ZH: "；",
	},
	"studytext.vif": {
		EN: "%[1]s largely move with the model's other terms (VIF %[2]s, above 10): little of their variation is their own, so their effects are hard to pin down and may shift as months are added",
		ZH: "%[1]s与模型中的其他项高度相关（VIF %[2]s，高于 10）：其自身独立的变化很少，效应难以确定，随着月份增加可能改变",
	},
	"studytext.few": {
		EN: "%[1]d months for %[2]d coefficients leave %[3]d degrees of freedom, which is few: the intervals are wide and one unusual month can move the estimates",
		ZH: "%[1]d 个月估计 %[2]d 个系数，仅剩 %[3]d 个自由度：区间较宽，一个异常月份就可能改变估计",
	},
	"studytext.autocorr": {
		EN: "the residuals are autocorrelated (%[1]s), so the intervals are likely too narrow",
		ZH: "残差存在自相关（%[1]s），区间可能偏窄",
	},
	"studytext.rejects": {
		EN: "%[1]d rejected cells in the %[2]s files of %[3]s are missing from the data it used",
		ZH: "%[2]s 在 %[3]s 的文件中有 %[1]d 个被拒绝的单元格，所用数据缺少这些值",
	},
	"studytext.refused": {
		EN: "files refused whole may leave months short (%[1]s)",
		ZH: "被整份拒绝的文件可能使某些月份缺数（%[1]s）",
	},
	"studytext.clean": {
		EN: "No cell of the data it used was rejected.",
		ZH: "所用数据中没有被拒绝的单元格。",
	},
	"studytext.at": { // a driver and the months of its collinear lags: "marketing spend in the same month and a month before"
		EN: "%[1]s %[2]s",
		ZH: "%[1]s%[2]s",
	},
	"studytext.before": {
		EN: "a month before",
		ZH: "上个月",
	},
	"studytext.beforek": {
		EN: "%d months before",
		ZH: "%d 个月前",
	},
	"studytext.trend": {
		EN: "the trend",
		ZH: "趋势",
	},
	"studytext.month": { // a month dummy
		EN: "calendar month %d",
		ZH: "%d 月",
	},
	"study.scen.none": {
		EN: "The study has no scenario besides the baseline.",
		ZH: "除基线外，研究没有设定情景。",
	},
	"study.scen.title": {
		EN: "%s: change from the baseline by month",
		ZH: "%s：各月相对基线的变化",
	},
	"study.scen.caption": {
		EN: "%s: each scenario's forecast less the baseline's, month by month.",
		ZH: "%s：各情景预测减去基线预测，按月列示。",
	},
	"study.scen.caption1": {
		EN: "%[1]s: the baseline forecast and the change under “%[2]s”",
		ZH: "%[1]s：基线预测及“%[2]s”下的变化",
	},
	"study.scen.caption2": {
		EN: "%s: the baseline forecast and the change under each scenario",
		ZH: "%s：基线预测及各情景下的变化",
	},
	"study.baseline": {
		EN: "Baseline",
		ZH: "基线",
	},
	"study.change": {
		EN: "Change",
		ZH: "变化",
	},
	"study.interval": {
		EN: "95% interval",
		ZH: "95% 区间",
	},
	"study.range": {
		EN: "%s to %s",
		ZH: "%s 至 %s",
	},
	"study.total": {
		EN: "Total",
		ZH: "合计",
	},
	"study.scen.notes": {
		EN: "Baseline: every driver held at its last value. Change: the scenario's forecast less the baseline's, in the target's units. 95% interval: of the change, from the uncertainty of the coefficients, the baseline taken as given (the month's own noise is the same under both); the total's by the delta method.",
		ZH: "基线：各驱动因素保持最后一个月的值。变化：情景预测减去基线预测，单位同目标。95% 区间：变化的区间，来自系数的不确定性，基线视为给定（当月自身的随机波动在两者中相同）；合计的区间用 delta 方法。",
	},
	"study.scen.log": {
		EN: "The target is fitted in logs: forecasts are exp of the fit (the median).",
		ZH: "目标取对数拟合：预测为拟合值的指数（中位数）。",
	},
	"study.scen.sum": {
		EN: "Over the %[1]d months shown it changes %[2]s by %[3]s (95%%: %[4]s to %[5]s).",
		ZH: "表中 %[1]d 个月合计，%[2]s变化 %[3]s（95%%：%[4]s 至 %[5]s）。",
	},
	"study.scen.sum.money": {
		EN: "Over the %[1]d months shown it changes %[2]s by %[3]s (95%%: %[4]s to %[5]s); at %[6]s a unit, that is %[7]s of %[8]s.",
		ZH: "表中 %[1]d 个月合计，%[2]s变化 %[3]s（95%%：%[4]s 至 %[5]s）；按每单位 %[6]s 计，合%[8]s %[7]s。",
	},
	"study.scen.driver": {
		EN: "%[1]s %[2]s a month from %[3]s (%[4]s over the months shown)",
		ZH: "%[1]s自 %[3]s 起每月 %[2]s（表中各月合计 %[4]s）",
	},
	"study.scen.drivers": {
		EN: "Under “%[1]s”: %[2]s.",
		ZH: "“%[1]s”情景：%[2]s。",
	},
	"study.careful": {
		EN: "Read this with care",
		ZH: "请谨慎解读",
	},
	"study.sep": {
		EN: "; ",
		ZH: "；",
	},
	"study.sens.caption": {
		EN: "Change of the fitted %[1]s when a driver changes, in percent of its level of %[2]s to %[3]s",
		ZH: "驱动因素变化时 %[1]s 拟合值的变化（占 %[2]s 至 %[3]s 水平的百分比）",
	},
	"study.sens.one": {
		EN: "%[1]s: one month, effect %[2]s",
		ZH: "%[1]s：单月变化，%[2]s的效应",
	},
	"study.sens.only": {
		EN: "%[1]s, effect %[2]s",
		ZH: "%[1]s，%[2]s的效应",
	},
	"study.sens.kept": {
		EN: "%s: kept up every month, all lags",
		ZH: "%s：每月持续变化，各滞后合计",
	},
	"study.lag0": {
		EN: "in the same month",
		ZH: "当月",
	},
	"study.lag1": {
		EN: "a month later",
		ZH: "一个月后",
	},
	"study.lagk": {
		EN: "%d months later",
		ZH: "%d 个月后",
	},
	"study.elasticity": {
		EN: "Elasticity, 95% interval",
		ZH: "弹性，95% 区间",
	},
	"study.el": {
		EN: "%s (%s to %s)",
		ZH: "%s（%s 至 %s）",
	},
	"study.sens.notes": {
		EN: "One month: the driver changes in a single month; the row gives the change of the target in the month of that lag. Kept up: the driver changes in every month, so all its lags act at once. Percent of the mean level of the months in the caption; the figures in bold are the answer's. Elasticity: percent change of the target for 1% more of the driver.",
		ZH: "单月：驱动因素只在一个月变化；该行给出该滞后对应月份目标的变化。持续：驱动因素每月都变化，各滞后同时起作用。百分比相对于标题所列月份的平均水平；加粗数字即回答中引用的数字。弹性：驱动因素增加 1% 时目标变化的百分比。",
	},
	"study.method": {
		EN: "Ordinary least squares through a QR factorisation in extended precision; p values and intervals from Student's t.\n" +
			"Months with a missing value are left out, never filled; lag k puts the driver's value of month t−k in the row of month t.\n" +
			"Scenarios change a driver from a month on; the drivers not changed keep their last value. They are shown as differences from the baseline.\n" +
			"The answer takes, for each driver, its lag with the smallest p value. Its figures are means over the last 12 months of the fit, the same as the sensitivity table's, with 95% intervals from the coefficients' covariance; money is at the average price of those months.",
		ZH: "普通最小二乘，采用扩展精度的 QR 分解；p 值与区间基于 Student t 分布。\n" +
			"有缺失值的月份被剔除，从不填补；滞后 k 把驱动因素第 t−k 月的值放在第 t 月的行中。\n" +
			"情景从某月起改变一个驱动因素；未改变的驱动因素保持最后一个月的值。情景以相对基线的差额列示。\n" +
			"回答对每个驱动因素取 p 值最小的滞后。其数字为拟合最后 12 个月的平均，与敏感性表相同，95% 区间来自系数的协方差；金额按这些月份的平均价格计算。",
	},

	// chart
	"chart.Actual": {
		EN: "Actual",
		ZH: "实际",
	},
	"chart.Forecast": {
		EN: "Forecast",
		ZH: "预测",
	},
	"chart.80% interval": {
		EN: "80% interval",
		ZH: "80% 区间",
	},
	"chart.95% interval": {
		EN: "95% interval",
		ZH: "95% 区间",
	},
	"chart.Budget": {
		EN: "Budget",
		ZH: "预算",
	},
	"chart.No data": {
		EN: "No data",
		ZH: "无数据",
	},

	// page one of the monthly report: the headline, findings, year to
	// date, outlook and questions (analysis/findings.go, render/monthly_front.go)
	"narrative.head.when": {
		EN: "%[3]s %[1]d",
		ZH: "%[1]d年%[2]d月",
	},
	"narrative.head.and": {
		EN: "%s and %s",
		ZH: "%s，%s",
	},
	"narrative.head.but": {
		EN: "%s: %s, but %s",
		ZH: "%s：%s，但%s",
	},
	"narrative.head.only": {
		EN: "%s: %s",
		ZH: "%s：%s",
	},
	"narrative.head.nodata": { // no headline or department figure has a value for the month
		EN: "%s: no figures yet, as no source has sent the month",
		ZH: "%s：尚无数据，各部门均未报送本月数据",
	},
	"narrative.head.quiet": {
		EN: "%s: every figure within its usual range",
		ZH: "%s：各项数字均在正常波动范围内",
	},
	"narrative.ph.above": {
		EN: "%s %s above budget",
		ZH: "%s高于预算 %s",
	},
	"narrative.ph.below": {
		EN: "%s %s below budget",
		ZH: "%s低于预算 %s",
	},
	"narrative.ph.over": {
		EN: "%s %s over budget",
		ZH: "%s超预算 %s",
	},
	"narrative.ph.under": {
		EN: "%s %s under budget",
		ZH: "%s低于预算 %s",
	},
	"narrative.ph.ytdover": {
		EN: "%s %s over budget this year",
		ZH: "%s本年累计超预算 %s",
	},
	"narrative.ph.ytdunder": {
		EN: "%s %s under budget this year",
		ZH: "%s本年累计低于预算 %s",
	},
	"narrative.ph.ytdup": {
		EN: "%s up %s this year",
		ZH: "%s本年累计同比上升 %s",
	},
	"narrative.ph.ytddown": {
		EN: "%s down %s this year",
		ZH: "%s本年累计同比下降 %s",
	},
	"narrative.ph.up": {
		EN: "%s up %s on last year",
		ZH: "%s同比上升 %s",
	},
	"narrative.ph.down": {
		EN: "%s down %s on last year",
		ZH: "%s同比下降 %s",
	},
	"narrative.fd.budget": {
		EN: "%s %s, %s of budget (%s)",
		ZH: "%s %s，为预算（%[4]s）的 %[3]s",
	},
	"narrative.fd.ytdbudget": {
		EN: "%s %s so far this year, %s of the year-to-date budget (%s)",
		ZH: "%s 本年累计 %s，为累计预算（%[4]s）的 %[3]s",
	},
	"narrative.fd.ytd": {
		EN: "%s %s so far this year, %s on last year's %s",
		ZH: "%s 本年累计 %s，较去年同期（%[4]s）%[3]s",
	},
	"narrative.fd.yoy": {
		EN: "%s %s, %s on %s (%s)",
		ZH: "%s %s，较 %[4]s（%[5]s）%[3]s",
	},
	"narrative.fd.usual": {
		EN: "; usually %s",
		ZH: "；通常为 %s",
	},
	"narrative.fd.why": {
		EN: "%.1f times its usual variation",
		ZH: "偏离幅度为正常波动的 %.1f 倍",
	},
	"narrative.fd.gap": {
		EN: "a gap of %s",
		ZH: "差额 %s",
	},
	"narrative.fd.ofrevenue": {
		EN: "%s of revenue",
		ZH: "占收入 %s",
	},
	"narrative.fd.ofcost": {
		EN: "%s of cost",
		ZH: "占成本 %s",
	},
	"narrative.fd.dept": {
		EN: "%s department",
		ZH: "所属部门 %s",
	},
	"narrative.q.missing": {
		EN: "%s has sent no data for %s: when will it arrive?",
		ZH: "%s 尚未提交 %s 的数据：何时提交？",
	},
	"narrative.q.rejected": {
		EN: "%s's workbook has %d rejected cells: can they be corrected and sent again?",
		ZH: "%s 的工作簿有 %d 个被拒绝的单元格：能否更正后重新提交？",
	},
	"narrative.q.late": {
		EN: "%s's data for %s arrived after the due day: what held them up?",
		ZH: "%s 的 %s 数据晚于截止日提交：原因是什么？",
	},
	"narrative.q.whybudget": {
		EN: "what is behind the gap to budget, and will it last?",
		ZH: "与预算的差距原因何在，是否会持续？",
	},
	"narrative.q.whyyoy": {
		EN: "what changed, and what is being done?",
		ZH: "发生了什么变化，正在采取什么措施？",
	},
	"narrative.q.whyytd": {
		EN: "why is the year running this way, and what is being done?",
		ZH: "本年累计为何如此，正在采取什么措施？",
	},
	"narrative.q.suspect": {
		EN: "%s: %s. Is it right, or an error to correct and send again?",
		ZH: "%s：%s。该数值是否正确，还是有误需要更正后重新提交？",
	},
	"narrative.suspect": { // a coo.Suspect defect's detail
		EN: "suspected unit slip: %[1]s for %[2]s is %[3]s, more than %[4]g times every other month up to %[6]s (at most %[5]s)",
		ZH: "疑似单位错误：%[1]s %[2]s 为 %[3]s，超过截至 %[6]s 其他各月（最高 %[5]s）的 %[4]g 倍",
	},
	"narrative.suspect.small": { // the same for a count typed a thousand times too small
		EN: "suspected unit slip: %[1]s for %[2]s is %[3]s, a fraction under 1/%[4]g of every other month up to %[6]s (at least %[5]s)",
		ZH: "疑似单位错误：%[1]s %[2]s 为 %[3]s，是小数，且不到截至 %[6]s 其他各月（最低 %[5]s）的 1/%[4]g",
	},
	"narrative.suspect.cell": {
		EN: "; the cell holds %s",
		ZH: "；该单元格为 %s",
	},
	"narrative.suspect.up": { // one cell a power of a thousand above its own history (analysis.cellSlips)
		EN: "suspected unit slip: %[1]s for %[2]s is %[3]s, about %[4]s times its usual %[5]s (its median in the six months either side); at the usual scale it would be %[6]s",
		ZH: "疑似单位错误：%[1]s %[2]s 为 %[3]s，约为其通常值 %[5]s（前后六个月的中位数）的 %[4]s 倍；按通常单位应为 %[6]s",
	},
	"narrative.suspect.down": { // the same, a power of a thousand below
		EN: "suspected unit slip: %[1]s for %[2]s is %[3]s, about 1/%[4]s of its usual %[5]s (its median in the six months either side); at the usual scale it would be %[6]s",
		ZH: "疑似单位错误：%[1]s %[2]s 为 %[3]s，约为其通常值 %[5]s（前后六个月的中位数）的 1/%[4]s；按通常单位应为 %[6]s",
	},
	"narrative.suspect.sign": { // the same, of the opposite sign (a cost line typed negative)
		EN: "suspected sign slip: %[1]s for %[2]s is %[3]s, the opposite sign of its usual %[4]s (its median in the six months either side); with its usual sign it would be %[5]s",
		ZH: "疑似正负号错误：%[1]s %[2]s 为 %[3]s，与其通常值 %[4]s（前后六个月的中位数）符号相反；按通常符号应为 %[5]s",
	},
	"narrative.suspect.copy": { // a month whose every cell equals the month before's (analysis.copied)
		EN: "suspected copy of last month: every value of %[1]s for %[2]s (such as %[3]s, %[4]s) equals %[5]s's; was last month's workbook sent again?",
		ZH: "疑似重复上月数据：%[1]s %[2]s 的每个数值（如 %[3]s 的 %[4]s）都与 %[5]s 相同；是否误发了上月的工作簿？",
	},
	"narrative.suspect.risk": {
		EN: "%s reads a suspected error in the data (see the notes on the input): its comparisons are left out until the data are checked",
		ZH: "%s 所依据的数据疑似有误（见数据说明）：核实之前不作比较",
	},
	"narrative.q.above": {
		EN: "%s %s is above the range forecast a month earlier (%s–%s): what drove it, and will it hold?",
		ZH: "%s %s 高于上月预测的区间（%s–%s）：原因是什么，能否持续？",
	},
	"narrative.q.below": {
		EN: "%s %s is below the range forecast a month earlier (%s–%s): what happened?",
		ZH: "%s %s 低于上月预测的区间（%s–%s）：发生了什么？",
	},
	"report.h.findings": {
		EN: "What matters this month",
		ZH: "本月要点",
	},
	"report.front.intro": {
		EN: "Ranked by how far each figure moved against its usual variation, weighted by its share of revenue or cost; each figure once, at its most telling comparison.",
		ZH: "按各项数字偏离其正常波动的幅度排序，并按其占收入或成本的比重加权；每项数字只列一次，取其最能说明问题的比较。",
	},
	"report.front.bad": {
		EN: "Needs attention",
		ZH: "需要关注",
	},
	"report.front.good": {
		EN: "Going well",
		ZH: "进展良好",
	},
	"report.front.why": {
		EN: "%s: %s.",
		ZH: "%s：%s。",
	},
	"report.front.ytd": {
		EN: "Year to date: FY%d, %s to %s",
		ZH: "本年累计：FY%d，%s 至 %s",
	},
	"report.front.ytdhead": {
		EN: "Figure|Year to date|Budget|vs budget|Last year|vs last year",
		ZH: "指标|本年累计|累计预算|预算完成|去年同期|同比",
	},
	"report.front.fy": {
		EN: "Fiscal-year outlook: FY%d",
		ZH: "财年展望：FY%d",
	},
	"report.front.fyhead": {
		EN: "Figure|Outlook|95% range|vs budget|Budget covers|Last year|vs last year (95% range)",
		ZH: "指标|全年预测|95% 区间|对比预算|预算覆盖|上一财年|同比（95% 区间）",
	},
	"report.front.cover": {
		EN: "%d of %d months",
		ZH: "%d/%d 个月",
	},
	"report.front.fynotes": {
		EN: "The outlook is the actual year to date plus the forecast of the months left. Against budget: the outlook over the months the budget covers, against the budget of those months; when it covers only the months so far, this is the year to date against its budget.",
		ZH: "全年预测为本年累计实际加上剩余月份的预测。对比预算：取预算覆盖的月份，以这些月份的预测对比其预算；若预算只覆盖至本月，即为本年累计对比累计预算。",
	},
	"report.front.coverShort": {
		EN: " (%d/%d)",
		ZH: "（%d/%d）",
	},
	"report.h.questions": {
		EN: "Questions for departments",
		ZH: "需与各部门沟通的问题",
	},
	"report.h.appendix": {
		EN: "Appendix: how each forecast was made",
		ZH: "附录：各项预测的方法",
	},
	"report.app.intro": {
		EN: "MASE is the mean absolute error in backtest relative to a naive forecast's; below seasonal naive's is better. Inside 95% range: in backtests from up to three origins over the last months, the share of the actual values that fell inside the 95% range forecast for them (averaged over the origins), and how many values were counted.",
		ZH: "MASE 为回测平均绝对误差相对于朴素预测的比值；低于季节性朴素法即更好。落在 95% 区间内：在最近几个月最多三个起点的回测中，实际值落在为其预测的 95% 区间内的比例（各起点平均），以及计入的实际值个数。",
	},
	"report.app.cover": {
		EN: "%s of %d values, last %d months",
		ZH: "%s（%d 个值，最近 %d 个月）",
	},
	"report.app.head": {
		EN: "Figure|Method|MASE|Seasonal naive MASE|Inside 95% range",
		ZH: "指标|方法|MASE|季节性朴素法 MASE|落在 95% 区间内",
	},
}
