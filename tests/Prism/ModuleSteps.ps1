# What Test-EmulatorWithPrism.ps1 has the module do through Prism: every cmdlet that sends a request, against the
# emulator's built-in data. Returns the steps in order: name -> script block given one shared hashtable ($s) for ids.
$production = '5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f'
$development = '9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b'
$quiet = @{ Confirm = $false; WarningAction = 'SilentlyContinue' }

[ordered]@{
    'read tenants'      = { Get-AuraTenant; Get-AuraTenant -TenantId $production; Get-AuraMetricsIntegration -TenantId $production }
    'read instances'    = { Get-AuraInstance; Get-AuraInstance -Summary; Get-AuraInstance -InstanceId a1b2c3d4 }
    'read snapshots'    = {
        Get-AuraSnapshot -InstanceId a1b2c3d4
        Get-AuraSnapshot -InstanceId a1b2c3d4 -Since (Get-Date).AddDays(-3)
        Get-AuraInstance -Name 'prod-*' | Get-AuraSnapshot -Latest
    }
    'sizing'            = {
        Get-AuraInstanceSizing -NodeCount 1000000 -RelationshipCount 5000000 -Type enterprise-ds -AlgorithmCategory node-embedding
        Get-AuraGraphAnalyticsSessionSizing -NodeCount 1000 -RelationshipCount 5000 -AlgorithmCategory centrality
    }
    'create'            = {
        param($s)
        $s.Pro = New-AuraInstance -Name prism-pro -TenantId $development -Region europe-west1 -CloudProvider gcp -Type professional-db -Memory 2GB -Wait @quiet
        $s.Free = New-AuraInstance -Name prism-free -TenantId $development -Region europe-west1 -CloudProvider gcp -Type free-db -Memory 1GB -Wait @quiet
    }
    'change'            = {
        param($s)
        Set-AuraInstance -InstanceId $s.Pro.Id -Name prism-pro-2 @quiet
        Set-AuraInstance -InstanceId $s.Pro.Id -Memory 4GB -Storage 8GB -Wait @quiet
        Set-AuraInstance -InstanceId b2c3d4e5 -VectorOptimized -Wait @quiet
        Set-AuraInstance -InstanceId a1b2c3d4 -SecondariesCount 1 -Wait @quiet
        Set-AuraInstance -InstanceId a1b2c3d4 -CdcEnrichmentMode Diff -Wait @quiet
        Set-AuraInstance -InstanceId $s.Pro.Id -Type business-critical -Force -Wait @quiet
    }
    'pause and resume'  = {
        Suspend-AuraInstance -InstanceId c3d4e5f6 -Wait @quiet
        Resume-AuraInstance -InstanceId c3d4e5f6 -Wait @quiet
        Set-AuraInstanceState -InstanceId c3d4e5f6 -State Paused -Wait @quiet
        Set-AuraInstanceState -InstanceId c3d4e5f6 -State Running -Wait @quiet
    }
    'snapshot'          = { New-AuraSnapshot -InstanceId b2c3d4e5 -Wait @quiet }
    'restore'           = {
        param($s)
        $s.Clone = Restore-AuraSnapshot -InstanceId a1b2c3d4 -SnapshotId a1b2c3d4-0000-4000-8000-000000000001 -Name prism-clone -Wait @quiet
        Restore-AuraSnapshot -InstanceId a1b2c3d4 -SnapshotId a1b2c3d4-0000-4000-8000-000000000001 -TargetInstanceId b2c3d4e5 -Force -Wait @quiet
        Get-AuraSnapshot -InstanceId d4e5f6a7 -Latest | Restore-AuraSnapshot -InPlace -Force -Wait @quiet
        $s.Copy = Copy-AuraInstance -InstanceId a1b2c3d4 -Name prism-copy -Wait @quiet
    }
    'keys'              = {
        $key = New-AuraCustomerManagedKey -Name prism-key -KmsKeyId 'arn:aws:kms:us-east-1:123456789012:key/prism' -TenantId $production `
            -CloudProvider aws -Region us-east-1 -InstanceType enterprise-db -Wait @quiet
        Get-AuraCustomerManagedKey
        Get-AuraCustomerManagedKey -TenantId $production
        Get-AuraCustomerManagedKey -CustomerManagedKeyId $key.Id
        Remove-AuraCustomerManagedKey -CustomerManagedKeyId $key.Id @quiet
    }
    'sessions'          = {
        $standalone = New-AuraGraphAnalyticsSession -Name prism-standalone -Memory 8GB -TenantId $production -CloudProvider gcp `
            -Region europe-west1 -Ttl ([timespan]::FromHours(2)) -Wait @quiet
        $attached = New-AuraGraphAnalyticsSession -Name prism-attached -Memory 8GB -InstanceId a1b2c3d4 -Wait @quiet
        Get-AuraGraphAnalyticsSession
        Get-AuraGraphAnalyticsSession -SessionId $standalone.Id
        Get-AuraInstance -InstanceId a1b2c3d4 | Get-AuraGraphAnalyticsSession
        $standalone, $attached | Remove-AuraGraphAnalyticsSession @quiet
    }
    'restore drills'    = { Test-AuraSnapshot -InstanceId a1b2c3d4 @quiet; Test-AuraSnapshot -InstanceId c3d4e5f6 -NoRestore }
    'remove'            = { param($s) $s.Pro, $s.Free, $s.Clone, $s.Copy | Remove-AuraInstance -Force -Wait }
    'raw call'          = { Invoke-AuraApi -Method Get -Path '/tenants' }
}
