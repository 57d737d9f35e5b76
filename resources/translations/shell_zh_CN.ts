<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <location filename="../../desktop/ui/app.py" line="67" />
        <source>Village employment ledger</source>
        <translation>村级就业帮扶台账</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="83" />
        <source>The ledger file could not be opened because of a program error.
Please send the log file to the county IT staff:
%1</source>
        <translation>程序内部出错，无法打开台账文件。
请把日志文件发给县人社局技术人员：
%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="93" />
        <source>Creating demo data…</source>
        <translation>正在生成演示数据…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="94" />
        <source>Demo data</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="105" />
        <source>Demo data created: %1 households, %2 persons, %3 jobs.</source>
        <translation>已生成演示数据：%1 户，%2 人，%3 条务工记录。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="196" />
        <source>Import your Excel ledger with File → Import Excel…, or add a household with Edit → New household. Log in to the county server from the Sync menu whenever you are ready.</source>
        <translation>可以用 文件 → 导入Excel… 导入本村的Excel台账，或用 编辑 → 新增户 逐户录入。需要时随时可以在“同步”菜单里登录县服务器。</translation>
    </message>
</context>
<context>
    <name>DemoMode</name>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="81" />
        <source>Demo data: practice only, never sent to the county</source>
        <translation>演示数据：仅供练习，不会上传到县里</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="83" />
        <source>The people in this ledger are invented. Choose File → Clear demo data… to start with your real ledger.</source>
        <translation>这个台账里的人员都是虚构的。要开始使用正式台账，请选“文件 → 清除演示数据…”。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="87" />
        <source>Clear &amp;demo data…</source>
        <translation>清除演示数据(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="88" />
        <source>Delete the invented people and start your real ledger</source>
        <translation>删除虚构的演示人员，开始使用正式台账</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="104" />
        <location filename="../../desktop/ui/first_run.py" line="108" />
        <source>Clear demo data</source>
        <translation>清除演示数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="105" />
        <source>Delete every household, person and job in this demo ledger (including any you typed in yourself)?

Afterwards the ledger is empty and real: you can connect to the county server or import your village's Excel ledger.</source>
        <translation>要删除这个演示台账里的所有户、人员和务工记录（包括您自己录入的）吗？

删除后台账是空的正式台账：可以连接县服务器，或导入本村的Excel台账。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="108" />
        <source>Keep practising</source>
        <translation>继续练习</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="115" />
        <source>Demo data cleared. The ledger is empty and ready for your real data.</source>
        <translation>演示数据已清除。台账已清空，可以开始录入正式数据了。</translation>
    </message>
</context>
<context>
    <name>FilterPanel</name>
    <message>
        <location filename="../../desktop/ui/filters.py" line="27" />
        <source>Zero-employment households only</source>
        <translation>只看零就业家庭</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filters.py" line="28" />
        <source>Show all</source>
        <translation>显示全部</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filters.py" line="31" />
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filters.py" line="34" />
        <source>&amp;Village</source>
        <translation>村(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filters.py" line="35" />
        <source>Household &amp;type</source>
        <translation>户类型(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filters.py" line="36" />
        <source>&amp;Labour category</source>
        <translation>劳动技能(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filters.py" line="37" />
        <source>&amp;Employment</source>
        <translation>就业状态(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filters.py" line="57" />
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filters.py" line="67" />
        <source>All villages</source>
        <translation>全部村</translation>
    </message>
</context>
<context>
    <name>HouseholdTableModel</name>
    <message>
        <location filename="../../desktop/ui/models/households.py" line="19" />
        <source>Household no.</source>
        <translation>户编号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/households.py" line="20" />
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/households.py" line="21" />
        <source>Head</source>
        <translation>户主姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/households.py" line="22" />
        <source>Members</source>
        <translation>人数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/households.py" line="23" />
        <source>Type / monitoring</source>
        <translation>户类型（监测类别）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/households.py" line="24" />
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/households.py" line="25" />
        <source>Zero employment</source>
        <translation>零就业</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/households.py" line="26" />
        <source>Sync</source>
        <translation>同步状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/households.py" line="57" />
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/households.py" line="61" />
        <source>(no head)</source>
        <translation>（无户主）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/households.py" line="71" />
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/households.py" line="72" />
        <source>Yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>HouseholdWindow</name>
    <message>
        <location filename="../../desktop/ui/record_flows.py" line="30" />
        <source>Household</source>
        <translation>户信息</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="50" />
        <source>Village employment ledger</source>
        <translation>村级就业帮扶台账</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="83" />
        <source>Search: name, pinyin initials (e.g. zs), ID number or phone digits   (Ctrl+F)</source>
        <translation>搜索：姓名、拼音或首字母（如 zs）、身份证号或电话的几位数字　（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="86" />
        <source>&amp;Search</source>
        <translation>搜索(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="97" />
        <source>&amp;Households</source>
        <translation>户(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="98" />
        <source>&amp;Persons</source>
        <translation>人员(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="99" />
        <source>&amp;Zero-employment households</source>
        <translation>零就业家庭(&amp;Z)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="132" />
        <source>This account can only view the ledger, not change it.</source>
        <translation>此账号只能查看台账，不能修改。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_actions.py" line="41" />
        <source>&amp;Import Excel…</source>
        <translation>导入Excel(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_actions.py" line="42" />
        <source>Import the national system export or a ledger workbook</source>
        <translation>导入国家系统导出表或本程序导出的台账</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_actions.py" line="43" />
        <source>&amp;Export Excel…</source>
        <translation>导出Excel(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_actions.py" line="44" />
        <source>Save the whole ledger as an Excel workbook</source>
        <translation>把整个台账保存为Excel工作簿</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_actions.py" line="45" />
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_actions.py" line="46" />
        <source>New &amp;household</source>
        <translation>新增户(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_actions.py" line="48" />
        <source>New &amp;person</source>
        <translation>新增人员(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_actions.py" line="49" />
        <source>Add a member to the selected household</source>
        <translation>给选中的户添加家庭成员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_actions.py" line="50" />
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_actions.py" line="51" />
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_actions.py" line="53" />
        <source>&amp;Undo delete</source>
        <translation>撤销删除(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_actions.py" line="56" />
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_actions.py" line="58" />
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_actions.py" line="60" />
        <source>&amp;Filter panel</source>
        <translation>筛选栏(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_actions.py" line="64" />
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_actions.py" line="74" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_actions.py" line="78" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_actions.py" line="83" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_actions.py" line="85" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_actions.py" line="90" />
        <source>Main</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="222" />
        <source>&amp;Zero-employment households (%1)</source>
        <translation>零就业家庭 %1 户(&amp;Z)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status_counts.py" line="22" />
        <source>Ledger: %1 households, %2 persons</source>
        <translation>台账共 %1 户，%2 人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status_counts.py" line="26" />
        <source>only the best %1 matches are listed, type more to narrow</source>
        <translation>只列出最接近的 %1 人，多输入几个字可缩小范围</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status_counts.py" line="30" />
        <source>shown: %1 households</source>
        <translation>当前列表 %1 户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status_counts.py" line="38" />
        <source>The ledger is empty.

To download your village's ledger from the county, log in with Sync → Sync settings….
Or import your Excel ledger with File → Import Excel…,
or add a household with Edit → New household (Ctrl+N).</source>
        <translation>台账里还没有记录。

要从县里下载本村的台账，请用 同步 → 同步设置… 登录县服务器。
也可以用 文件 → 导入Excel… 导入现有的Excel台账，
或用 编辑 → 新增户（Ctrl+N）逐户录入。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status_counts.py" line="29" />
        <source>shown: %1 persons</source>
        <translation>当前列表 %1 人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status_counts.py" line="43" />
        <source>Type at least 4 digits to search ID numbers or phones.</source>
        <translation>按身份证号或电话查找时，请至少输入4位数字。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status_counts.py" line="44" />
        <source>Nothing matches the search and filters.
Clear the search box or click “Show all” on the left.</source>
        <translation>没有符合搜索和筛选条件的记录。
请清空搜索框，或点左侧的“显示全部”。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_flows.py" line="87" />
        <source>Select a household or person first.</source>
        <translation>请先选中一户或一个人。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_flows.py" line="66" />
        <source>The household page is not available in this version.</source>
        <translation>此版本还没有户页面。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_flows.py" line="97" />
        <source>The household form is not available in this version.</source>
        <translation>此版本还没有户信息表。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_flows.py" line="108" />
        <source>Select the household the new person belongs to first.</source>
        <translation>请先选中新成员所在的户。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_flows.py" line="115" />
        <source>The person form is not available in this version.</source>
        <translation>此版本还没有人员信息表。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_flows.py" line="130" />
        <source>Select a household or person to delete first.</source>
        <translation>请先选中要删除的户或人员。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_flows.py" line="135" />
        <source>the household of %1 and all its members</source>
        <translation>%1 户及其全部家庭成员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_flows.py" line="136" />
        <source>household of %1</source>
        <translation>%1 户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_flows.py" line="139" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_flows.py" line="140" />
        <source>Delete %1?
You can undo this with Ctrl+Z.</source>
        <translation>确定删除 %1 吗？
删除后可以按 Ctrl+Z 撤销。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_flows.py" line="152" />
        <source>Deleted %1. Ctrl+Z undoes it.</source>
        <translation>已删除 %1。按 Ctrl+Z 可撤销。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_flows.py" line="162" />
        <source>Excel import is not available in this version.</source>
        <translation>此版本还不能导入Excel。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_flows.py" line="170" />
        <source>Excel export is not available in this version.</source>
        <translation>此版本还不能导出Excel。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_flows.py" line="180" />
        <source>&lt;b&gt;Village employment ledger&lt;/b&gt; %1&lt;br&gt;&lt;br&gt;Keeps the households, workers and employment of one village on this computer, without network.&lt;br&gt;Data file: %2&lt;br&gt;Problems: send the log file next to it to the county IT staff.</source>
        <translation>&lt;b&gt;村级就业帮扶台账&lt;/b&gt; %1&lt;br&gt;&lt;br&gt;在本机保存本村各户、劳动力和务工就业信息，不需要联网。&lt;br&gt;数据文件：%2&lt;br&gt;遇到问题请把同一文件夹里的日志文件发给县人社局技术人员。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_flows.py" line="184" />
        <source>About</source>
        <translation>关于</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../desktop/ui/messages.py" line="46" />
        <source>Cannot continue</source>
        <translation>无法继续</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/messages.py" line="50" />
        <source>Program error</source>
        <translation>程序出错</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/messages.py" line="51" />
        <source>Something went wrong inside the program; the ledger was not changed.
Please send the log file to the county IT staff:
{log}</source>
        <translation>程序内部出错，台账没有被改动。
请把日志文件发给县人社局技术人员：
{log}</translation>
    </message>
</context>
<context>
    <name>PersonTableModel</name>
    <message>
        <location filename="../../desktop/ui/models/persons.py" line="20" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/persons.py" line="21" />
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/persons.py" line="22" />
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/persons.py" line="23" />
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/persons.py" line="24" />
        <source>Relation</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/persons.py" line="25" />
        <source>Labour</source>
        <translation>劳动技能</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/persons.py" line="26" />
        <source>Employment</source>
        <translation>就业状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/persons.py" line="27" />
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/persons.py" line="28" />
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/persons.py" line="29" />
        <source>Sync</source>
        <translation>同步状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/persons.py" line="67" />
        <source>Not employed</source>
        <translation>未就业</translation>
    </message>
</context>
<context>
    <name>SyncState</name>
    <message>
        <location filename="../../desktop/ui/models/display.py" line="13" />
        <source>● Not sent</source>
        <translation>● 未上传</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/display.py" line="14" />
        <source>✓ Synced</source>
        <translation>✓ 已同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/display.py" line="15" />
        <source>✗ Rejected</source>
        <translation>✗ 被退回</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/display.py" line="16" />
        <source>⚠ Conflict</source>
        <translation>⚠ 有冲突</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/display.py" line="19" />
        <source>Saved on this computer, not yet sent to the county server</source>
        <translation>已保存在本机，还没有上传到县服务器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/display.py" line="20" />
        <source>Same as on the county server</source>
        <translation>与县服务器一致</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/display.py" line="21" />
        <source>The county server refused the last change; open the record to fix it</source>
        <translation>县服务器退回了最近的修改，请打开记录改正</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/display.py" line="22" />
        <source>Changed here and on the server at the same time; please check</source>
        <translation>本机和服务器同时修改了这条记录，请核对</translation>
    </message>
</context>
<context>
    <name>UndoDeletes</name>
    <message>
        <location filename="../../desktop/ui/undo.py" line="26" />
        <source>Nothing to undo.</source>
        <translation>没有可以撤销的删除。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/undo.py" line="32" />
        <source>Restored: %1</source>
        <translation>已恢复：%1</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="36" />
        <source>Welcome</source>
        <translation>欢迎使用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="38" />
        <source>The ledger on this computer is still empty. What would you like to do first?</source>
        <translation>这台电脑上的台账还是空的。您想先做什么？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="43" />
        <source>Connect to the county server</source>
        <translation>连接县服务器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="44" />
        <source>Log in with the user name and password the county labour bureau gave you. Your village's ledger is then downloaded and kept in sync automatically.</source>
        <translation>用县人社局发给您的用户名和密码登录。登录后本村的台账会从县里下载下来，以后自动同步。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="47" />
        <source>Practise with demo data</source>
        <translation>先用演示数据练习</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="48" />
        <source>Fill this computer with %1 invented households to try everything out. Practice data never goes to the county. When you are done, choose File → Clear demo data… and then connect to the county server.</source>
        <translation>生成 %1 户虚构的演示数据，随便试用各项功能。练习用的数据不会上传到县里。练习完后，在“文件 → 清除演示数据…”里清除，再连接县服务器。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="52" />
        <source>Start without the county server</source>
        <translation>先不连县服务器，自己录入</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="53" />
        <source>Import your Excel ledger (File → Import Excel…) or add households yourself. You can log in to the county server later from the Sync menu.</source>
        <translation>导入本村的Excel台账（文件 → 导入Excel…），或自己逐户录入。以后可以在“同步”菜单里登录县服务器。</translation>
    </message>
</context>
<context>
    <name>ZeroTableModel</name>
    <message>
        <location filename="../../desktop/ui/models/zero.py" line="15" />
        <source>Household no.</source>
        <translation>户编号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/zero.py" line="15" />
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/zero.py" line="15" />
        <source>Head</source>
        <translation>户主姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/zero.py" line="16" />
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/zero.py" line="16" />
        <source>Zero since</source>
        <translation>零就业起始</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/zero.py" line="16" />
        <source>Clear by</source>
        <translation>清零期限</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/zero.py" line="17" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/zero.py" line="17" />
        <source>Labour members</source>
        <translation>劳动力成员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/zero.py" line="67" />
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/zero.py" line="75" />
        <source>unknown</source>
        <translation>不详</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/zero.py" line="80" />
        <source>Zero employment</source>
        <translation>零就业</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/zero.py" line="83" />
        <source>Overdue by %n day(s)</source>
        <translation>超期 %n 天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/zero.py" line="84" />
        <source>%n day(s) left</source>
        <translation>还剩 %n 天</translation>
    </message>
</context>
<context>
    <name>ZeroView</name>
    <message>
        <location filename="../../desktop/ui/zero_view.py" line="30" />
        <source>Recount</source>
        <translation>重新统计</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/zero_view.py" line="63" />
        <source>Zero-employment households: counting…</source>
        <translation>零就业家庭：正在统计…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/zero_view.py" line="69" />
        <source>Zero-employment households: %1</source>
        <translation>零就业家庭：%1 户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/zero_view.py" line="71" />
        <source>of which overdue: %1</source>
        <translation>其中超期未清零：%1 户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/zero_view.py" line="75" />
        <source>No zero-employment households on %1: every lifted or monitored household with labour has at least one member in work.</source>
        <translation>截至 %1 没有零就业家庭：有劳动力的脱贫户和监测户都至少有一人在务工就业。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/zero_view.py" line="79" />
        <source>As of %1. A household must have a member in work by the end of the quarter in which it became zero-employment; red ones are past that deadline. Double-click to open.</source>
        <translation>统计日期 %1。零就业家庭须在出现当季季末前实现至少一人就业（动态清零）；红色为已超期未清零。双击打开该户。</translation>
    </message>
</context>
</TS>