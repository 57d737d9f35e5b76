<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CountyPicker</name>
    <message>
        <location filename="../../desktop/ui/widgets/region_picker.py" line="137" />
        <source>Type a county or city, e.g. 昆山 or 千阳</source>
        <translation>输入县、市名搜索，如 昆山、千阳</translation>
    </message>
</context>
<context>
    <name>EmploymentHistory</name>
    <message>
        <location filename="../../desktop/ui/employment_history.py" line="134" />
        <source>&amp;New job</source>
        <translation>新增务工(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/employment_history.py" line="135" />
        <source>E&amp;nd job</source>
        <translation>结束务工(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/employment_history.py" line="136" />
        <source>&amp;Correct</source>
        <translation>更正(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/employment_history.py" line="137" />
        <location filename="../../desktop/ui/employment_history.py" line="257" />
        <source>Delete job</source>
        <translation>删除务工记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/employment_history.py" line="194" />
        <source>Employment history: choose a member above</source>
        <translation>务工就业记录：请在上方选择一名成员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/employment_history.py" line="196" />
        <source>Employment history of %1</source>
        <translation>%1 的务工就业记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/employment_history.py" line="198" />
        <source> (none yet: press New job to add one)</source>
        <translation>（暂无记录，点“新增务工”添加）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/employment_history.py" line="248" />
        <source>Delete the job %1 (%2) of %3?</source>
        <translation>删除 %3 的这条务工记录（%1，%2 开始）吗？删除后可以撤销。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/employment_history.py" line="257" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/employment_history.py" line="257" />
        <source>Keep</source>
        <translation>不删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/employment_history.py" line="250" />
        <source>Deleted job of %1</source>
        <translation>已删除 %1 的一条务工记录</translation>
    </message>
</context>
<context>
    <name>ErrorTableModel</name>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="47" />
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="48" />
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="49" />
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="50" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="269" />
        <source>Export the ledger to Excel</source>
        <translation>导出台账到 Excel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="285" />
        <source>Exporting to %1 …</source>
        <translation>正在导出到 %1 …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="287" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="304" />
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="307" />
        <source>Export finished</source>
        <translation>导出完成</translation>
    </message>
</context>
<context>
    <name>HouseholdForm</name>
    <message>
        <location filename="../../desktop/ui/household_form.py" line="35" />
        <source>Edit household</source>
        <translation>编辑户信息</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_form.py" line="35" />
        <source>New household</source>
        <translation>新增户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_form.py" line="48" />
        <source>e.g. 东沟组</source>
        <translation>如 东沟组</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_form.py" line="53" />
        <source>(not monitored)</source>
        <translation>（不是监测户）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_form.py" line="60" />
        <source>&amp;Village</source>
        <translation>所在村(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_form.py" line="61" />
        <source>Household no.</source>
        <translation>户编号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_form.py" line="62" />
        <source>Natural village / group</source>
        <translation>自然村/组</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_form.py" line="63" />
        <source>&amp;Phone</source>
        <translation>户联系电话(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_form.py" line="64" />
        <source>Household type</source>
        <translation>户类型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_form.py" line="65" />
        <source>Poverty-exit attribute</source>
        <translation>脱贫属性</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_form.py" line="66" />
        <source>Monitoring category</source>
        <translation>监测对象类别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_form.py" line="67" />
        <source>Risk eliminated</source>
        <translation>风险是否已消除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_form.py" line="68" />
        <source>Support cadre</source>
        <translation>帮扶责任人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_form.py" line="69" />
        <source>Support cadre phone</source>
        <translation>帮扶责任人电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_form.py" line="70" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>HouseholdPage</name>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="150" />
        <source>&amp;Add member</source>
        <translation>新增成员(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="151" />
        <source>&amp;Edit member</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="152" />
        <location filename="../../desktop/ui/household_page.py" line="372" />
        <source>Delete member</source>
        <translation>删除成员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="153" />
        <source>Edit &amp;household</source>
        <translation>编辑户信息(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="154" />
        <location filename="../../desktop/ui/household_page.py" line="388" />
        <source>Delete household</source>
        <translation>删除本户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="242" />
        <source>No household chosen.</source>
        <translation>未选择户。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="243" />
        <source>This household has been deleted.</source>
        <translation>本户已被删除。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="266" />
        <source>monitored: %1</source>
        <translation>监测对象：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="268" />
        <source>Head</source>
        <translation>户主</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="268" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="269" />
        <source>Household no.</source>
        <translation>户编号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="270" />
        <source>Type</source>
        <translation>户类型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="271" />
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="272" />
        <source>Members</source>
        <translation>在册人数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="275" />
        <source>Support cadre</source>
        <translation>帮扶责任人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="282" />
        <source>Employment: at least one labour member works.</source>
        <translation>就业情况：至少有一名劳动力在务工。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="283" />
        <source>Employment: no labour members (not a zero-employment household).</source>
        <translation>就业情况：户内没有劳动力（属无劳动力户，不是零就业家庭）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="288" />
        <source>Zero-employment household (start date unknown): help one member into work.</source>
        <translation>零就业家庭（起始日期不详）：请尽快帮扶至少一名劳动力就业。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="291" />
        <source>Zero-employment household since %1; deadline %2 passed %3 days ago (overdue).</source>
        <translation>零就业家庭，自 %1 起；清零期限 %2 已过 %3 天（超期未清零）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="296" />
        <source>Zero-employment household since %1; must be cleared by %2 (%3 days left).</source>
        <translation>零就业家庭，自 %1 起；须在 %2 前清零（还剩 %3 天）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="359" />
        <source>Keep</source>
        <translation>不删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="366" />
        <source>Deleted member %1</source>
        <translation>已删除成员 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="373" />
        <source>Delete %1 and their employment records? You can undo this.</source>
        <translation>删除 %1 及其务工记录吗？删除后可以撤销。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="374" />
        <location filename="../../desktop/ui/household_page.py" line="391" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="382" />
        <source>Deleted household %1</source>
        <translation>已删除户 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="389" />
        <source>Delete the household %1 with its %2 members and their employment records? You can undo this.</source>
        <translation>删除户 %1 及其 %2 名成员和务工记录吗？删除后可以撤销。</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="88" />
        <source>Import from Excel</source>
        <translation>从 Excel 导入</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="91" />
        <source>The .xlsx file to import</source>
        <translation>要导入的 .xlsx 文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="92" />
        <source>&amp;Choose file…</source>
        <translation>选择文件(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="93" />
        <source>&amp;Skip rows with errors (they are written to an error workbook)</source>
        <translation>跳过有错误的行(&amp;S)（错误行另存为一个错误工作簿）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="94" />
        <source>&amp;Import</source>
        <translation>开始导入(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="96" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="140" />
        <source>Choose the Excel file to import</source>
        <translation>选择要导入的 Excel 文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="153" />
        <source>Please choose the Excel file to import first.</source>
        <translation>请先选择要导入的 Excel 文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="157" />
        <source>The file %1 does not exist.</source>
        <translation>文件不存在：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="166" />
        <source>Reading %1 …</source>
        <translation>正在读取 %1 …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="186" />
        <source>Import finished.</source>
        <translation>导入完成。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/import_dialog.py" line="192" />
        <source>%n household(s) with errors were skipped; their rows are listed below.</source>
        <translation><numerusform>跳过了 %n 户有错误的户，错误见下表。</numerusform></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="204" />
        <source>%1 new, %2 updated, %3 unchanged</source>
        <translation>新增 %1，更新 %2，未变 %3</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="207" />
        <source>Imported %1 (%2, %3 rows read).</source>
        <translation>已导入“%1”（%2，读取 %3 行）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="209" />
        <source>Households: %1</source>
        <translation>户：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="211" />
        <source>Persons: %1</source>
        <translation>人员：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="213" />
        <source>Employment records: %1</source>
        <translation>务工记录：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/import_dialog.py" line="227" />
        <source>Nothing was imported: %n problem(s) must be fixed. Fix them in the file and import again, or tick "Skip rows with errors".</source>
        <translation><numerusform>没有导入任何数据，台账没有改动：有 %n 处错误须改正。请在文件中改正后重新导入，或勾选“跳过有错误的行”。</numerusform></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="230" />
        <source>Columns not recognised (ignored): %1</source>
        <translation>以下列无法识别，已忽略：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="195" />
        <source>Skipped rows were written to: %1</source>
        <translation>跳过的行已保存到：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="237" />
        <source>The import failed because of a program error; nothing was imported.</source>
        <translation>程序内部出错，导入未完成，台账没有任何改动。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="254" />
        <source>Please wait until the import has finished.</source>
        <translation>正在导入，请等待完成后再关闭。</translation>
    </message>
</context>
<context>
    <name>MemberTableModel</name>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="44" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="45" />
        <source>Relation</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="46" />
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="47" />
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="48" />
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="49" />
        <source>Labour skill</source>
        <translation>劳动技能</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="50" />
        <source>Health</source>
        <translation>健康状况</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="51" />
        <source>Employment</source>
        <translation>就业状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="52" />
        <source>Status</source>
        <translation>人员状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household_page.py" line="109" />
        <source>not working</source>
        <translation>未务工</translation>
    </message>
</context>
<context>
    <name>PersonForm</name>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="84" />
        <source>Edit person</source>
        <translation>编辑人员信息</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="84" />
        <source>New household member</source>
        <translation>新增家庭成员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="96" />
        <source>18 digits (old 15-digit numbers are upgraded)</source>
        <translation>18位（15位旧号码会自动升级）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="112" />
        <source>Currently a student (在校生)</source>
        <translation>在校生（勾选后填在校生状况）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="126" />
        <source>Basic facts</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="128" />
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="129" />
        <source>ID type</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="130" />
        <source>&amp;ID number</source>
        <translation>证件号码(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="132" />
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="133" />
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="134" />
        <source>&amp;Relation to head</source>
        <translation>与户主关系(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="135" />
        <source>Ethnicity</source>
        <translation>民族</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="136" />
        <source>Person status</source>
        <translation>人员状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="139" />
        <source>Health, schooling and labour</source>
        <translation>健康、文化与劳动能力</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="141" />
        <source>Health</source>
        <translation>健康状况</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="142" />
        <source>Disability type</source>
        <translation>残疾类别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="143" />
        <source>&amp;Labour skill</source>
        <translation>劳动技能(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="147" />
        <source>Education</source>
        <translation>文化程度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="148" />
        <source>School status</source>
        <translation>在校生状况</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="149" />
        <source>Work intention</source>
        <translation>就业意愿</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="150" />
        <source>Training intention</source>
        <translation>培训意愿</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="154" />
        <source>Other</source>
        <translation>其他信息</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="156" />
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="157" />
        <source>Political status</source>
        <translation>政治面貌</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="158" />
        <source>Speaks Mandarin</source>
        <translation>会讲普通话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="159" />
        <source>Receives dibao</source>
        <translation>享受低保</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="160" />
        <source>Extreme-poverty support</source>
        <translation>特困供养人员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="161" />
        <source>Person no. (national)</source>
        <translation>人编号（系统）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="162" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/person_form.py" line="276" />
        <source>Old 15-digit number; will be saved as %1</source>
        <translation>15位旧号码，将保存为 %1</translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <location filename="../../desktop/ui/widgets/record_dialog.py" line="57" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/record_dialog.py" line="58" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/widgets/record_dialog.py" line="193" />
        <source>%n problem(s) in red must be fixed before saving.</source>
        <translation><numerusform>有 %n 处错误（红字），改正后才能保存。</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/widgets/record_dialog.py" line="195" />
        <source>Also %n reminder(s) in amber.</source>
        <translation><numerusform>另有 %n 处提醒（橙字）。</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/widgets/record_dialog.py" line="198" />
        <source>%n reminder(s) in amber: please check; you can still save.</source>
        <translation><numerusform>有 %n 处提醒（橙字），请核对；核对无误仍可保存。</numerusform></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/record_dialog.py" line="219" />
        <source>Please check these reminders:</source>
        <translation>请核对以下提醒：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/record_dialog.py" line="220" />
        <source>Save anyway?</source>
        <translation>确认无误，仍然保存吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/record_dialog.py" line="221" />
        <source>Save with reminders?</source>
        <translation>有提醒，确认保存？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/record_dialog.py" line="244" />
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/record_dialog.py" line="244" />
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/record_dialog.py" line="252" />
        <source>Discard changes?</source>
        <translation>放弃修改？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/record_dialog.py" line="253" />
        <source>The changes in this form have not been saved. Discard them?</source>
        <translation>本表的修改还没有保存。确定放弃这些修改吗？</translation>
    </message>
</context>
<context>
    <name>SpellDialog</name>
    <message>
        <location filename="../../desktop/ui/spell_dialog.py" line="39" />
        <source>End job of %1</source>
        <translation>结束 %1 的务工</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/spell_dialog.py" line="41" />
        <source>New job for %1</source>
        <translation>新增 %1 的务工记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/spell_dialog.py" line="43" />
        <source>Correct job of %1</source>
        <translation>更正 %1 的务工记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/spell_dialog.py" line="49" />
        <source>Works abroad</source>
        <translation>国外务工</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/spell_dialog.py" line="52" />
        <source>Town, street or (abroad) country and city</source>
        <translation>乡镇、街道；国外务工填国家和城市</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/spell_dialog.py" line="58" />
        <source>yuan per month</source>
        <translation>元/月</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/spell_dialog.py" line="61" />
        <source>empty = still working</source>
        <translation>不填表示仍在务工</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/spell_dialog.py" line="69" />
        <source>&amp;Form of work</source>
        <translation>就业形式(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/spell_dialog.py" line="73" />
        <source>Work &amp;county</source>
        <translation>务工所在县(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/spell_dialog.py" line="80" />
        <source>Work place (detail)</source>
        <translation>务工地点（详细）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/spell_dialog.py" line="81" />
        <source>&amp;Employer</source>
        <translation>务工企业名称(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/spell_dialog.py" line="82" />
        <source>Industry</source>
        <translation>所属行业</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/spell_dialog.py" line="83" />
        <source>Channel</source>
        <translation>就业渠道</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/spell_dialog.py" line="84" />
        <source>Point-to-point transport</source>
        <translation>是否点对点输送</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/spell_dialog.py" line="85" />
        <source>Monthly &amp;income</source>
        <translation>务工月收入(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/spell_dialog.py" line="86" />
        <source>&amp;Start date</source>
        <translation>开始日期(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/spell_dialog.py" line="87" />
        <source>En&amp;d date</source>
        <translation>结束日期(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/spell_dialog.py" line="89" />
        <source>Labour contract</source>
        <translation>劳动合同签订情况</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/spell_dialog.py" line="90" />
        <source>Verified by</source>
        <translation>核实方式</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/spell_dialog.py" line="91" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>SpellTableModel</name>
    <message>
        <location filename="../../desktop/ui/employment_history.py" line="35" />
        <source>Form of work</source>
        <translation>就业形式</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/employment_history.py" line="36" />
        <source>Work place</source>
        <translation>务工地点</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/employment_history.py" line="37" />
        <source>Place type</source>
        <translation>地区类型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/employment_history.py" line="38" />
        <source>Employer</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/employment_history.py" line="39" />
        <source>Monthly income</source>
        <translation>月收入（元）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/employment_history.py" line="40" />
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/employment_history.py" line="41" />
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/employment_history.py" line="101" />
        <source>still working</source>
        <translation>至今</translation>
    </message>
</context>
<context>
    <name>VillagePicker</name>
    <message>
        <location filename="../../desktop/ui/widgets/region_picker.py" line="27" />
        <source>Search a village by name, e.g. 新民</source>
        <translation>输入村名搜索，如 新民</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/region_picker.py" line="55" />
        <source>County/district</source>
        <translation>县区</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/region_picker.py" line="99" />
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets/region_picker.py" line="104" />
        <source>Village</source>
        <translation>村</translation>
    </message>
</context>
</TS>